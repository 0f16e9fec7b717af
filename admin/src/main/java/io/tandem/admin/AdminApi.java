package io.tandem.admin;

import io.tandem.admin.ApiException.Status;
import io.tandem.admin.routr.RoutrMapping;
import io.tandem.provisioning.Kind;
import io.tandem.provisioning.store.StoreException;
import io.tandem.provisioning.store.StoredProvisioning;
import io.tandem.provisioning.store.StoredProvisioning.Page;
import io.tandem.provisioning.store.StoredProvisioning.Stored;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin verbs of Routr's resource services (Create, Update, Get, Delete, List, FindBy) on the store, in Routr's
 * API shape (JSON, proto3 names), for one authenticated {@link Caller}: what gRPC and HTTP both serve.
 *
 * <p>Tenants: a Domain is its own tenant, an Agent belongs to its {@code domainRef}'s, any other resource to
 * {@code metadata.tenant} (set to the operator's tenant when an operator creates it; none when an admin does: shared).
 * An operator reads and writes its tenant's resources and may reference shared ones; a viewer reads (its tenant's
 * when its key has one) and never sees a password.
 */
public final class AdminApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final StoredProvisioning store;

    public AdminApi(StoredProvisioning store) {
        this.store = store;
    }

    public ObjectNode create(Caller c, Kind kind, JsonNode request) {
        mayWrite(c, kind, "create");
        if (request.has("ref")) {
            throw new ApiException(Status.INVALID_ARGUMENT, "ref: unknown field (the server gives the ref)");
        }
        ObjectNode doc = RoutrMapping.toDocument(kind, request, NODES.objectNode());
        ownedBy(c, kind, doc);
        return view(c, run(() -> store.create(kind, doc, c.id())));
    }

    public ObjectNode update(Caller c, Kind kind, JsonNode request) {
        mayWrite(c, kind, "update");
        String ref = ref(request);
        Stored old = existing(c, kind, ref);
        ObjectNode doc = RoutrMapping.toDocument(kind, request, old.document());
        ownedBy(c, kind, doc);
        return view(c, run(() -> store.update(kind, doc, c.id())));
    }

    public ObjectNode get(Caller c, Kind kind, String ref) {
        return view(c, existing(c, kind, ref));
    }

    public void delete(Caller c, Kind kind, String ref) {
        mayWrite(c, kind, "delete");
        existing(c, kind, ref);
        run(() -> {
            store.delete(kind, ref, c.id());
            return null;
        });
    }

    /** {@code {items: [...], nextPageToken}}. */
    public ObjectNode list(Caller c, Kind kind, int pageSize, String pageToken) {
        Page p = run(() -> store.list(kind, pageSize, pageToken, s -> visible(c, s)));
        ObjectNode out = NODES.objectNode();
        ArrayNode items = out.putArray("items");
        p.items().forEach(s -> items.add(view(c, s)));
        out.put("nextPageToken", p.nextPageToken());
        return out;
    }

    /** {@code {items: [...]}}: the resources whose API field {@code fieldName} (e.g. {@code username}) is {@code value}. */
    public ObjectNode findBy(Caller c, Kind kind, String fieldName, String value) {
        String path = RoutrMapping.documentPath(kind, fieldName);
        if (path == null) {
            throw new ApiException(Status.INVALID_ARGUMENT, "fieldName: " + kind + " has no field '" + fieldName + "' to find by");
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode items = out.putArray("items");
        for (Stored s : store.findBy(kind, path, value)) {
            if (visible(c, s)) {
                items.add(view(c, s));
            }
        }
        return out;
    }

    private static String ref(JsonNode request) {
        String ref = request.path("ref").asString("");
        if (ref.isEmpty()) {
            throw new ApiException(Status.INVALID_ARGUMENT, "ref: is required");
        }
        return ref;
    }

    private Stored existing(Caller c, Kind kind, String ref) {
        if (ref == null || ref.isEmpty()) {
            throw new ApiException(Status.INVALID_ARGUMENT, "ref: is required");
        }
        Stored s = store.get(kind, ref);
        if (s == null) {
            throw new ApiException(Status.NOT_FOUND, "ref: no " + kind + " with ref '" + ref + "'");
        }
        if (!visible(c, s)) {
            throw new ApiException(Status.PERMISSION_DENIED, "ref: '" + ref + "' is not in this key's tenant");
        }
        return s;
    }

    private static void mayWrite(Caller c, Kind kind, String verb) {
        if (c.role() == Role.VIEWER) {
            throw new ApiException(Status.PERMISSION_DENIED, "this key is read-only");
        }
        if (c.role() == Role.OPERATOR && kind == Kind.DOMAIN && !verb.equals("update")) {
            throw new ApiException(Status.PERMISSION_DENIED, "only an admin key may " + verb + " a Domain");
        }
    }

    /** An operator's document stays in its tenant, and references only its tenant's or shared resources. */
    private void ownedBy(Caller c, Kind kind, ObjectNode doc) {
        if (c.tenant() == null) {
            return;
        }
        if (kind != Kind.DOMAIN && kind != Kind.AGENT) {
            ((ObjectNode) doc.path("metadata")).put("tenant", c.tenant());
        }
        if (kind == Kind.AGENT && !c.tenant().equals(doc.path("spec").path("domainRef").asString(null))) {
            throw new ApiException(Status.PERMISSION_DENIED, "domainRef: not this key's tenant");
        }
        List<Map.Entry<String, String>> refs = new ArrayList<>();
        refs(doc.path("spec"), "spec", refs);
        for (Map.Entry<String, String> r : refs) {
            String field = r.getKey();
            String ref = r.getValue();
            Stored target = store.get(null, ref);
            String owner = target == null ? null : tenantOf(target.kind(), target.document());
            if (owner != null && !owner.equals(c.tenant())) {
                throw new ApiException(Status.PERMISSION_DENIED, field + ": '" + ref + "' is not in this key's tenant");
            }
        }
    }

    /** Every {@code *Ref} field under {@code n}: its path and the ref it names. */
    private static void refs(JsonNode n, String path, List<Map.Entry<String, String>> out) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (e.getKey().endsWith("Ref") && e.getValue().isString()) {
                    out.add(Map.entry(path + "." + e.getKey(), e.getValue().stringValue()));
                } else {
                    refs(e.getValue(), path + "." + e.getKey(), out);
                }
            }
        } else if (n.isArray()) {
            int i = 0;
            for (JsonNode x : n) {
                refs(x, path + "[" + i++ + "]", out);
            }
        }
    }

    private static boolean visible(Caller c, Stored s) {
        return c.tenant() == null || c.tenant().equals(tenantOf(s.kind(), s.document()));
    }

    static String tenantOf(Kind kind, JsonNode doc) {
        return switch (kind) {
            case DOMAIN -> doc.path("ref").asString(null);
            case AGENT -> doc.path("spec").path("domainRef").asString(null);
            default -> doc.path("metadata").path("tenant").asString(null);
        };
    }

    private ObjectNode view(Caller c, Stored s) {
        return view(c, s, 2);
    }

    /** The API message of {@code s}, its references nested {@code depth} levels deep; a viewer's without passwords. */
    private ObjectNode view(Caller c, Stored s, int depth) {
        ObjectNode out = RoutrMapping.toApi(s.kind(), s.document(), ref -> {
            Stored r = depth == 0 ? null : store.get(null, ref);
            return r == null ? null : view(c, r, depth - 1);
        });
        out.put("createdAt", (int) s.createdAt().getEpochSecond());
        out.put("updatedAt", (int) s.updatedAt().getEpochSecond());
        if (c.role() == Role.VIEWER) {
            out.remove("password");
        }
        return out;
    }

    /** Work on the store, its refusals as API errors. */
    private static <T> T run(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new ApiException(Status.valueOf(e.reason().name()), e.getMessage());
        }
    }
}
