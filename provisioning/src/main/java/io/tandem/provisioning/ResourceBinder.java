package io.tandem.provisioning;

import io.tandem.config.ConfigProblem;
import io.tandem.config.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Maps a schema-valid document to its record, checking what a schema cannot say well: refs without
 * spaces, ACL rule notation, tel URLs, AOR schemes and egress rule regular expressions.
 */
final class ResourceBinder {
    /** {@code tel:} then a global number ({@code +} and 1 to 15 digits) or a local one (digits, * and #). */
    static final Pattern TEL_URL = Pattern.compile("tel:(\\+[0-9]{1,15}|[0-9*#]{1,32})");

    private final List<ConfigProblem> problems = new ArrayList<>();

    private ResourceBinder() {
    }

    /** Binds {@code doc} (already valid against {@code kind}'s schema); problems go to {@code out}, and null is returned. */
    static Resource bind(Kind kind, JsonNode doc, List<ConfigProblem> out) {
        ResourceBinder b = new ResourceBinder();
        Resource r = b.bind(kind, doc);
        out.addAll(b.problems);
        return b.problems.isEmpty() ? r : null;
    }

    private Resource bind(Kind kind, JsonNode doc) {
        String apiVersion = doc.path("apiVersion").stringValue();
        String ref = doc.path("ref").stringValue();
        if (ref.chars().anyMatch(Character::isWhitespace)) {
            problems.add(new ConfigProblem("ref", "must not contain spaces"));
        }
        JsonNode m = doc.path("metadata");
        JsonNode geo = m.path("geoInfo");
        Metadata metadata = new Metadata(str(m, "name"), str(m, "region"),
                geo.isObject() ? new Metadata.GeoInfo(str(geo, "city"), str(geo, "country"), str(geo, "countryIsoCode")) : null);
        JsonNode s = doc.path("spec");
        return switch (kind) {
            case DOMAIN -> new Domain(apiVersion, ref, metadata, domain(s));
            case AGENT -> new Agent(apiVersion, ref, metadata, agent(s));
            case PEER -> new Peer(apiVersion, ref, metadata, peer(s));
            case TRUNK -> new Trunk(apiVersion, ref, metadata, trunk(s));
            case NUMBER -> new PhoneNumber(apiVersion, ref, metadata, number(s));
            case CREDENTIALS -> new Credentials(apiVersion, ref, metadata, new Credentials.Spec(
                    new Credentials.UsernamePassword(str(s.path("credentials"), "username"), str(s.path("credentials"), "password"))));
            case ACCESS_CONTROL_LIST -> new AccessControlList(apiVersion, ref, metadata, acl(s));
        };
    }

    private Domain.Spec domain(JsonNode s) {
        JsonNode c = s.path("context");
        List<Domain.EgressPolicy> policies = new ArrayList<>();
        int i = 0;
        for (JsonNode p : c.path("egressPolicies")) {
            String rule = str(p, "rule");
            try {
                policies.add(new Domain.EgressPolicy(rule, str(p, "numberRef"), Pattern.compile(rule)));
            } catch (PatternSyntaxException e) {
                problems.add(new ConfigProblem("spec.context.egressPolicies[" + i + "].rule",
                        "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex()));
            }
            i++;
        }
        return new Domain.Spec(str(s, "accessControlListRef"),
                new Domain.Context(str(c, "domainUri"), str(c, "accessControlListRef"), policies, numbering(c)), limits(s));
    }

    /** {@code parent.numbering} (already checked by the schema), or null when absent. */
    private static Numbering numbering(JsonNode parent) {
        JsonNode n = parent.path("numbering");
        if (!n.isObject()) {
            return null;
        }
        List<String> intl = null;
        if (n.path("internationalPrefixes").isArray()) {
            intl = new ArrayList<>();
            for (JsonNode p : n.path("internationalPrefixes")) {
                intl.add(p.stringValue());
            }
        }
        return new Numbering(str(n, "countryCode"), intl, str(n, "nationalPrefix"), intOr(n, "nationalNumberLength", 0));
    }

    private Agent.Spec agent(JsonNode s) {
        String privacy = str(s, "privacy");
        return new Agent.Spec(str(s, "username"), str(s, "domainRef"), str(s, "credentialsRef"),
                privacy == null ? null : Agent.Privacy.parse(privacy), intOr(s, "maxContacts", -1),
                integer(s, "expires"), boolOr(s, "enabled", true), limits(s));
    }

    /** {@code spec.limits}, a Tandem extension: concurrent calls and, for trunks, calls per second. */
    private static CallLimits limits(JsonNode s) {
        JsonNode l = s.path("limits");
        return l.isObject() ? new CallLimits(intOr(l, "maxCalls", 0), intOr(l, "callsPerSecond", 0)) : CallLimits.NONE;
    }

    private Peer.Spec peer(JsonNode s) {
        String aor = str(s, "aor");
        checkAor("spec.aor", aor);
        JsonNode lb = s.path("loadBalancing");
        Peer.LoadBalancing balancing = lb.isObject()
                ? new Peer.LoadBalancing(lb.has("algorithm") ? Peer.BalancingAlgorithm.parse(str(lb, "algorithm")) : null,
                        boolOr(lb, "withSessionAffinity", false))
                : null;
        return new Peer.Spec(str(s, "username"), aor, str(s, "contactAddr"), str(s, "credentialsRef"),
                str(s, "accessControlListRef"), balancing, intOr(s, "maxContacts", -1), integer(s, "expires"),
                boolOr(s, "enabled", true));
    }

    private Trunk.Spec trunk(JsonNode s) {
        JsonNode in = s.path("inbound");
        JsonNode out = s.path("outbound");
        Trunk.Inbound inbound = in.isObject()
                ? new Trunk.Inbound(str(in, "uri"), str(in, "accessControlListRef"), str(in, "credentialsRef"), numbering(in))
                : null;
        Trunk.Outbound outbound = null;
        if (out.isObject()) {
            List<Trunk.OutboundUri> uris = new ArrayList<>();
            for (JsonNode e : out.path("uris")) {
                JsonNode u = e.path("uri");
                uris.add(new Trunk.OutboundUri(
                        new Trunk.Uri(str(u, "user"), str(u, "host"), intOr(u, "port", 0), Trunk.Transport.parse(str(u, "transport"))),
                        intOr(e, "priority", 0), intOr(e, "weight", 1), boolOr(e, "enabled", true)));
            }
            outbound = new Trunk.Outbound(boolOr(out, "sendRegister", false), str(out, "credentialsRef"), uris);
        }
        return new Trunk.Spec(inbound, outbound, limits(s));
    }

    private PhoneNumber.Spec number(JsonNode s) {
        JsonNode l = s.path("location");
        String telUrl = str(l, "telUrl");
        if (!TEL_URL.matcher(telUrl).matches()) {
            problems.add(new ConfigProblem("spec.location.telUrl", "'" + telUrl + "' is not a tel URL: expected tel:+ and 1 to 15 digits"
                    + " (E.164, e.g. tel:+17066041487) or tel: and a local number of digits, * and #"));
        }
        String aorLink = str(l, "aorLink");
        if (aorLink != null) {
            checkAor("spec.location.aorLink", aorLink);
        }
        List<PhoneNumber.Header> headers = new ArrayList<>();
        for (JsonNode h : l.path("extraHeaders")) {
            headers.add(new PhoneNumber.Header(str(h, "name"), str(h, "value")));
        }
        return new PhoneNumber.Spec(str(s, "trunkRef"),
                new PhoneNumber.Location(telUrl, aorLink, str(l, "sessionAffinityHeader"), headers));
    }

    private AccessControlList.Spec acl(JsonNode s) {
        JsonNode rules = s.path("accessControlList");
        if (!rules.isObject()) {
            return new AccessControlList.Spec(null);
        }
        return new AccessControlList.Spec(new AccessControlList.Rules(cidrs(rules, "allow"), cidrs(rules, "deny")));
    }

    private List<Cidr> cidrs(JsonNode rules, String list) {
        List<Cidr> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : rules.path(list)) {
            try {
                out.add(Cidr.parse(n.stringValue()));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("spec.accessControlList." + list + "[" + i + "]", e.getMessage()));
            }
            i++;
        }
        return out;
    }

    /** An AOR must be a {@code sip:}, {@code sips:} or {@code backend:} URI with something after the scheme. */
    private void checkAor(String field, String aor) {
        int colon = aor.indexOf(':');
        String scheme = colon < 0 ? "" : aor.substring(0, colon);
        if (!(scheme.equals("sip") || scheme.equals("sips") || scheme.equals("backend")) || colon == aor.length() - 1
                || aor.chars().anyMatch(Character::isWhitespace)) {
            problems.add(new ConfigProblem(field, "'" + aor + "' is not an AOR: expected sip:user@host (or backend:name)"));
        }
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isString() ? v.stringValue() : null;
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isIntegralNumber() ? v.intValue() : null;
    }

    private static int intOr(JsonNode n, String field, int otherwise) {
        JsonNode v = n.path(field);
        return v.isIntegralNumber() ? v.intValue() : otherwise;
    }

    private static boolean boolOr(JsonNode n, String field, boolean otherwise) {
        JsonNode v = n.path(field);
        return v.isBoolean() ? v.booleanValue() : otherwise;
    }
}
