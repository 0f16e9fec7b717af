package io.tandem.admin.routr;

import io.tandem.provisioning.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routr's API shape (the flat messages of {@code fonoster.routr.connect.*.v2beta1}, e.g. {@code CreateAgentRequest
 * {name, username, domainRef}}) to Routr's document shape ({@code {kind, ref, metadata: {name}, spec: {username,
 * domainRef}}}) and back, one table per kind. Routr's JSON names (proto3 lowerCamel) are used throughout.
 */
public final class RoutrMapping {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A value as the API writes it and as the document does. */
    enum Conv {
        SAME, PRIVACY, BALANCING, TRUNK_URIS, EGRESS
    }

    /** One API field: its name in the messages, its dotted path in the document. */
    record Field(String api, String path, Conv conv) {
        Field(String api, String path) {
            this(api, path, Conv.SAME);
        }
    }

    static final Map<Kind, List<Field>> FIELDS = Map.of(
        Kind.DOMAIN, List.of(new Field("name", "metadata.name"), new Field("domainUri", "spec.context.domainUri"),
            new Field("accessControlListRef", "spec.accessControlListRef"),
            new Field("egressPolicies", "spec.context.egressPolicies", Conv.EGRESS), new Field("extended", "extended")),
        Kind.AGENT, List.of(new Field("name", "metadata.name"), new Field("username", "spec.username"),
            new Field("privacy", "spec.privacy", Conv.PRIVACY), new Field("enabled", "spec.enabled"),
            new Field("domainRef", "spec.domainRef"), new Field("credentialsRef", "spec.credentialsRef"),
            new Field("maxContacts", "spec.maxContacts"), new Field("expires", "spec.expires"), new Field("extended", "extended")),
        Kind.CREDENTIALS, List.of(new Field("name", "metadata.name"), new Field("username", "spec.credentials.username"),
            new Field("password", "spec.credentials.password"), new Field("extended", "extended")),
        Kind.ACCESS_CONTROL_LIST, List.of(new Field("name", "metadata.name"), new Field("allow", "spec.accessControlList.allow"),
            new Field("deny", "spec.accessControlList.deny"), new Field("extended", "extended")),
        Kind.NUMBER, List.of(new Field("name", "metadata.name"), new Field("telUrl", "spec.location.telUrl"),
            new Field("aorLink", "spec.location.aorLink"), new Field("city", "metadata.geoInfo.city"),
            new Field("country", "metadata.geoInfo.country"), new Field("countryIsoCode", "metadata.geoInfo.countryIsoCode"),
            new Field("sessionAffinityHeader", "spec.location.sessionAffinityHeader"),
            new Field("extraHeaders", "spec.location.extraHeaders"), new Field("trunkRef", "spec.trunkRef"), new Field("extended", "extended")),
        Kind.PEER, List.of(new Field("name", "metadata.name"), new Field("username", "spec.username"), new Field("aor", "spec.aor"),
            new Field("contactAddr", "spec.contactAddr"), new Field("balancingAlgorithm", "spec.loadBalancing.algorithm", Conv.BALANCING),
            new Field("withSessionAffinity", "spec.loadBalancing.withSessionAffinity"),
            new Field("accessControlListRef", "spec.accessControlListRef"), new Field("credentialsRef", "spec.credentialsRef"),
            new Field("enabled", "spec.enabled"), new Field("maxContacts", "spec.maxContacts"), new Field("expires", "spec.expires"),
            new Field("extended", "extended")),
        Kind.TRUNK, List.of(new Field("name", "metadata.name"), new Field("sendRegister", "spec.outbound.sendRegister"),
            new Field("inboundUri", "spec.inbound.uri"), new Field("accessControlListRef", "spec.inbound.accessControlListRef"),
            new Field("inboundCredentialsRef", "spec.inbound.credentialsRef"),
            new Field("outboundCredentialsRef", "spec.outbound.credentialsRef"),
            new Field("uris", "spec.outbound.uris", Conv.TRUNK_URIS), new Field("extended", "extended")));

    private RoutrMapping() {
    }

    /**
     * The document for a Create or Update request: {@code base} (the stored document, or a new one) with every
     * field the request sets written over it. Proto3 sends no default value, so a field the request leaves at its
     * default keeps what {@code base} has, as in Routr.
     */
    public static ObjectNode toDocument(Kind kind, JsonNode request, ObjectNode base) {
        ObjectNode doc = base.deepCopy();
        doc.put("kind", kind.documentName());
        if (request.path("apiVersion").isString()) {
            doc.put("apiVersion", request.path("apiVersion").stringValue());
        }
        if (request.path("ref").isString() && !request.path("ref").stringValue().isEmpty()) {
            doc.put("ref", request.path("ref").stringValue());
        }
        for (Field f : FIELDS.get(kind)) {
            JsonNode v = request.path(f.api());
            if (!v.isMissingNode() && !v.isNull()) {
                put(doc, f.path(), toDocument(f.conv(), v));
            }
        }
        if (kind == Kind.AGENT && base.path("spec").path("privacy").isMissingNode() && request.path("privacy").isMissingNode()) {
            put(doc, "spec.privacy", NODES.stringNode("Private")); // proto3 sends PRIVATE (0) as nothing
        }
        return doc;
    }

    /** The API's flat view of a stored document, without the nested resources (see {@link #toApi(Kind, JsonNode, Function)}). */
    static ObjectNode flat(Kind kind, JsonNode doc) {
        ObjectNode out = NODES.objectNode();
        out.put("apiVersion", doc.path("apiVersion").asString("v2beta1"));
        out.put("ref", doc.path("ref").asString(""));
        for (Field f : FIELDS.get(kind)) {
            JsonNode v = get(doc, f.path());
            if (!v.isMissingNode() && !v.isNull()) {
                out.set(f.api(), toApi(f.conv(), v));
            }
        }
        return out;
    }

    /**
     * The API's message for a stored document, with the resources it references nested as Routr nests them (an
     * Agent's {@code domain} and {@code credentials}, a Number's {@code trunk}, ...), {@code lookup} giving each
     * referenced resource's API view (or null).
     */
    public static ObjectNode toApi(Kind kind, JsonNode doc, Function<String, ObjectNode> lookup) {
        ObjectNode out = flat(kind, doc);
        JsonNode spec = doc.path("spec");
        switch (kind) {
            case AGENT -> {
                nest(out, "domain", spec.path("domainRef"), lookup);
                nest(out, "credentials", spec.path("credentialsRef"), lookup);
                out.remove(List.of("domainRef", "credentialsRef"));
            }
            case PEER -> {
                nest(out, "accessControlList", spec.path("accessControlListRef"), lookup);
                nest(out, "credentials", spec.path("credentialsRef"), lookup);
                out.remove(List.of("accessControlListRef", "credentialsRef"));
            }
            case DOMAIN -> {
                nest(out, "accessControlList", spec.path("accessControlListRef"), lookup);
                out.remove("accessControlListRef");
                if (out.path("egressPolicies") instanceof ArrayNode policies) {
                    for (JsonNode p : policies) {
                        nest((ObjectNode) p, "number", p.path("numberRef"), lookup);
                    }
                }
            }
            case NUMBER -> {
                nest(out, "trunk", spec.path("trunkRef"), lookup);
                out.remove("trunkRef");
            }
            case TRUNK -> {
                nest(out, "accessControlList", spec.path("inbound").path("accessControlListRef"), lookup);
                nest(out, "inboundCredentials", spec.path("inbound").path("credentialsRef"), lookup);
                nest(out, "outboundCredentials", spec.path("outbound").path("credentialsRef"), lookup);
                out.remove(List.of("accessControlListRef", "inboundCredentialsRef", "outboundCredentialsRef"));
            }
            default -> {
            }
        }
        return out;
    }

    private static void nest(ObjectNode out, String field, JsonNode ref, Function<String, ObjectNode> lookup) {
        if (ref.isString()) {
            ObjectNode r = lookup.apply(ref.stringValue());
            if (r != null) {
                out.set(field, r);
            }
        }
    }

    /** The document path of the API field {@code name} of {@code kind} ({@code username}, {@code domain_uri}, {@code ref}), or null. */
    public static String documentPath(Kind kind, String name) {
        String n = name.replace("_", "").toLowerCase(Locale.ROOT);
        if (n.equals("ref")) {
            return "ref";
        }
        for (Field f : FIELDS.get(kind)) {
            if (f.api().toLowerCase(Locale.ROOT).equals(n) && f.conv() == Conv.SAME) {
                return f.path();
            }
        }
        return null;
    }

    private static JsonNode toDocument(Conv conv, JsonNode v) {
        return switch (conv) {
            case SAME -> v;
            case PRIVACY -> NODES.stringNode(v.asString().equals("PRIVATE") ? "Private" : "None");
            case BALANCING -> NODES.stringNode(v.asString().toLowerCase(Locale.ROOT).replace('_', '-'));
            case EGRESS -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonNode p : v) {
                    ObjectNode o = a.addObject();
                    o.set("rule", p.path("rule"));
                    o.set("numberRef", p.path("numberRef"));
                }
                yield a;
            }
            case TRUNK_URIS -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonNode u : v) {
                    ObjectNode o = a.addObject();
                    ObjectNode uri = o.putObject("uri");
                    for (String k : List.of("user", "host", "port", "transport")) {
                        if (u.has(k)) {
                            uri.set(k, k.equals("transport") ? NODES.stringNode(u.path(k).asString().toLowerCase(Locale.ROOT)) : u.path(k));
                        }
                    }
                    for (String k : List.of("priority", "weight", "enabled")) {
                        if (u.has(k)) {
                            o.set(k, u.path(k));
                        }
                    }
                }
                yield a;
            }
        };
    }

    private static JsonNode toApi(Conv conv, JsonNode v) {
        return switch (conv) {
            case SAME -> v;
            case PRIVACY -> NODES.stringNode(v.asString().toUpperCase(Locale.ROOT));
            case BALANCING -> NODES.stringNode(v.asString().toUpperCase(Locale.ROOT).replace('-', '_'));
            case EGRESS -> v.deepCopy();
            case TRUNK_URIS -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonNode u : v) {
                    ObjectNode o = a.addObject();
                    u.path("uri").properties().forEach(e -> o.set(e.getKey(), e.getValue()));
                    for (String k : List.of("priority", "weight", "enabled")) {
                        if (u.has(k)) {
                            o.set(k, u.path(k));
                        }
                    }
                }
                yield a;
            }
        };
    }

    static JsonNode get(JsonNode doc, String path) {
        JsonNode n = doc;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    private static void put(ObjectNode doc, String path, JsonNode v) {
        String[] parts = path.split("\\.");
        ObjectNode n = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = n.path(parts[i]);
            n = child instanceof ObjectNode o ? o : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], v);
    }
}
