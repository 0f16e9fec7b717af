package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import io.tandem.admin.RoutrClient.Result;
import io.tandem.admin.routr.RoutrGrpc;
import io.tandem.provisioning.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every RPC of the seven services × admin, operator of tenant A, viewer, no key, a wrong key, and the operator of
 * tenant B, on resources of tenant A: the status each gets, and that a forbidden answer names no internal detail.
 */
class RoleMatrixTest extends AdminFixture {
    private static final String WRONG = RoutrClient.basic("ops", "not-the-secret-at-all");
    private static final List<String> VERBS = List.of("Create", "Update", "Get", "Delete", "List", "FindBy");
    private static final Map<Kind, String> FIND_BY = Map.of(Kind.DOMAIN, "domainUri", Kind.AGENT, "username", Kind.PEER, "username",
        Kind.TRUNK, "inboundUri", Kind.NUMBER, "telUrl");

    /** Tenant A's resources, made by its operator, by kind. */
    private final Map<Kind, JsonNode> existing = new java.util.EnumMap<>(Kind.class);

    @BeforeEach
    void tenantA() {
        JsonNode creds = made(Kind.CREDENTIALS, createRequest(Kind.CREDENTIALS, null, null, null));
        JsonNode acl = made(Kind.ACCESS_CONTROL_LIST, createRequest(Kind.ACCESS_CONTROL_LIST, null, null, null));
        JsonNode trunk = made(Kind.TRUNK, createRequest(Kind.TRUNK, null, ref(acl), null));
        made(Kind.NUMBER, createRequest(Kind.NUMBER, null, null, ref(trunk)));
        made(Kind.AGENT, createRequest(Kind.AGENT, ref(creds), null, null));
        made(Kind.PEER, createRequest(Kind.PEER, null, null, null));
        existing.put(Kind.DOMAIN, client.call(Kind.DOMAIN, "Get", yaml("{ref: domain-a}"), ADMIN).body());
    }

    private JsonNode made(Kind kind, ObjectNode request) {
        Result r = client.call(kind, "Create", request, OPERATOR_A);
        assertThat(r.code()).as(kind + ": " + r.description()).isEqualTo(Code.OK);
        existing.put(kind, r.body());
        return r.body();
    }

    private static String ref(JsonNode n) {
        return n.path("ref").asString();
    }

    /** What {@code who} is answered for {@code verb} on tenant A's {@code kind}. */
    private static Code expected(String who, Kind kind, String verb) {
        boolean read = verb.equals("Get") || verb.equals("List") || verb.equals("FindBy");
        return switch (who) {
            case "none", "wrong" -> Code.UNAUTHENTICATED;
            case "admin" -> Code.OK;
            case "viewer" -> read ? Code.OK : Code.PERMISSION_DENIED;
            case "operatorA" -> kind == Kind.DOMAIN && (verb.equals("Create") || verb.equals("Delete")) ? Code.PERMISSION_DENIED : Code.OK;
            case "operatorB" -> verb.equals("List") || verb.equals("FindBy") ? Code.OK
                // B may create what references nothing of A's; the request names A's domain, credentials, ACL or trunk otherwise
                : verb.equals("Create") && List.of(Kind.CREDENTIALS, Kind.ACCESS_CONTROL_LIST, Kind.PEER).contains(kind) ? Code.OK
                : Code.PERMISSION_DENIED;
            default -> throw new IllegalArgumentException(who);
        };
    }

    private ObjectNode request(Kind kind, String verb) {
        JsonNode mine = existing.get(kind);
        return switch (verb) {
            case "Create" -> createRequest(kind, ref(existing.get(Kind.CREDENTIALS)), ref(existing.get(Kind.ACCESS_CONTROL_LIST)),
                ref(existing.get(Kind.TRUNK)));
            case "Update" -> yaml("{ref: " + ref(mine) + ", name: Updated}");
            case "Get" -> yaml("{ref: " + ref(mine) + "}");
            case "Delete" -> yaml("{ref: " + ref(disposable(kind)) + "}");
            case "List" -> yaml("{pageSize: 50}");
            case "FindBy" -> {
                String field = FIND_BY.get(kind);
                yield yaml("{fieldName: " + field + ", fieldValue: '" + mine.path(field).asString() + "'}");
            }
            default -> throw new IllegalArgumentException(verb);
        };
    }

    /** A resource of tenant A nothing references (a Domain: made by the admin). */
    private JsonNode disposable(Kind kind) {
        String who = kind == Kind.DOMAIN ? ADMIN : OPERATOR_A;
        Result r = client.call(kind, "Create", createRequest(kind, ref(existing.get(Kind.CREDENTIALS)),
            ref(existing.get(Kind.ACCESS_CONTROL_LIST)), ref(existing.get(Kind.TRUNK))), who);
        assertThat(r.code()).as(r.description()).isEqualTo(Code.OK);
        return r.body();
    }

    @Test
    void everyRpcForEveryKindOfCaller() {
        Map<String, String> callers = new java.util.LinkedHashMap<>();
        callers.put("admin", ADMIN);
        callers.put("operatorA", OPERATOR_A);
        callers.put("viewer", VIEWER);
        callers.put("none", null);
        callers.put("wrong", WRONG);
        callers.put("operatorB", OPERATOR_B);
        List<String> mismatches = new ArrayList<>();
        int calls = 0;
        for (Kind kind : Kind.values()) {
            for (String verb : VERBS) {
                if (RoutrGrpc.method(kind, verb) == null) {
                    continue; // Credentials and ACLs have no FindBy in Routr's protos
                }
                for (Map.Entry<String, String> who : callers.entrySet()) {
                    Result r = client.call(kind, verb, request(kind, verb), who.getValue());
                    calls++;
                    Code want = expected(who.getKey(), kind, verb);
                    if (r.code() != want) {
                        mismatches.add(kind + " " + verb + " as " + who.getKey() + ": " + r.code() + " (" + r.description() + "), expected " + want);
                    }
                    if (r.code() == Code.UNAUTHENTICATED) {
                        assertThat(r.description()).isEqualTo("missing or invalid API key (authorization: Basic base64(id:secret))");
                    }
                    if (r.code() == Code.PERMISSION_DENIED) {
                        assertThat(r.description()).doesNotContainIgnoringCase("exception").doesNotContain("jdbc").doesNotContain("sql");
                    }
                    if (r.code() == Code.OK && who.getKey().equals("operatorB") && !verb.equals("Create")) {
                        assertThat(r.body().path("items")).as(kind + " " + verb + " as B").noneSatisfy(i ->
                            assertThat(i.path("ref").asString()).isEqualTo(ref(existing.get(kind))));
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(calls).isEqualTo(6 * (5 * 6 + 2 * 5));
    }

    @Test
    void aViewerNeverSeesAPasswordAnAdminDoes() {
        String ref = ref(existing.get(Kind.CREDENTIALS));
        assertThat(client.call(Kind.CREDENTIALS, "Get", yaml("{ref: " + ref + "}"), VIEWER).body().has("password")).isFalse();
        assertThat(client.call(Kind.CREDENTIALS, "List", yaml("{}"), VIEWER).body().path("items"))
            .allSatisfy(i -> assertThat(i.has("password")).isFalse());
        assertThat(client.call(Kind.AGENT, "Get", yaml("{ref: " + ref(existing.get(Kind.AGENT)) + "}"), VIEWER).body()
            .path("credentials").has("password")).isFalse();
        assertThat(client.call(Kind.CREDENTIALS, "Get", yaml("{ref: " + ref + "}"), ADMIN).body().path("password").asString())
            .startsWith("pw-");
    }

    @Test
    void anOperatorsResourcesAreItsTenants() {
        assertThat(store.credentials(ref(existing.get(Kind.CREDENTIALS))).metadata()).isNotNull();
        assertThat(store.get(Kind.CREDENTIALS, ref(existing.get(Kind.CREDENTIALS))).document().path("metadata").path("tenant").asString())
            .isEqualTo("domain-a");
        Result other = client.call(Kind.AGENT, "Create", yaml("{name: X, username: intruder, domainRef: domain-a, credentialsRef: "
            + ref(existing.get(Kind.CREDENTIALS)) + "}"), OPERATOR_B);
        assertThat(other.code()).isEqualTo(Code.PERMISSION_DENIED);
        assertThat(other.description()).isEqualTo("domainRef: not this key's tenant");
    }
}
