package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.provisioning.Kind;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document the server serves, parsed back: every path and verb it names is served, nothing else is, and
 * what the API takes and answers for each kind has the shape its schemas say.
 */
class OpenApiDocumentTest extends HttpFixture {
    private static final List<String> COLLECTIONS = List.of("acls", "agents", "credentials", "domains", "numbers", "peers", "trunks");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private JsonNode doc;

    @BeforeEach
    void readDocument() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v2beta1/openapi.json", null, null);
        assertThat(r.statusCode()).as("served without a key").isEqualTo(200);
        doc = JSON.readTree(r.body());
    }

    @Test
    void namesEveryCollectionAndResourcePath() {
        assertThat(doc.path("openapi").asString()).isEqualTo("3.0.3");
        Set<String> expected = new TreeSet<>(List.of("/api/v2beta1/openapi.json"));
        COLLECTIONS.forEach(c -> expected.addAll(List.of("/api/v2beta1/" + c, "/api/v2beta1/" + c + "/{ref}")));
        assertThat(new TreeSet<>(doc.path("paths").propertyNames())).isEqualTo(expected);
        assertThat(doc.path("paths").path("/api/v2beta1/agents").propertyNames()).containsExactlyInAnyOrder("get", "post");
        assertThat(doc.path("paths").path("/api/v2beta1/agents/{ref}").propertyNames()).containsExactlyInAnyOrder("get", "put", "delete");
        JsonNode create = doc.path("paths").path("/api/v2beta1/agents").path("post");
        assertThat(create.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asString())
            .isEqualTo("#/components/schemas/fonoster.routr.connect.agents.v2beta1.CreateAgentRequest");
        assertThat(create.path("responses").propertyNames()).contains("201", "400", "401", "403", "409", "503");
        JsonNode update = schema("#/components/schemas/fonoster.routr.connect.agents.v2beta1.UpdateAgentRequest.Body");
        assertThat(update.path("properties").propertyNames()).contains("name", "domainRef", "maxContacts").doesNotContain("ref");
        assertThat(schema("#/components/schemas/Error").path("properties").path("code").path("enum").valueStream().map(JsonNode::asString))
            .contains("INVALID_ARGUMENT", "NOT_FOUND", "UNAVAILABLE");
    }

    /** Each documented method of each path answers as a route (even if refused for the input), every other as no route. */
    @Test
    void everyDocumentedOperationIsServedAndNoOther() throws Exception {
        for (String path : doc.path("paths").propertyNames()) {
            if (path.endsWith("openapi.json")) {
                continue;
            }
            for (String method : METHODS) {
                boolean documented = doc.path("paths").path(path).has(method.toLowerCase());
                HttpResponse<String> r = send(method, path.replace("{ref}", "no-such-ref"), method.equals("POST") || method.equals("PUT") ? "{}" : null, ADMIN);
                String at = method + " " + path + ": " + r.statusCode() + " " + r.body();
                if (documented) {
                    assertThat(r.body()).as(at).doesNotContain("is not a verb").doesNotContain("no such resource collection");
                    assertThat(r.statusCode()).as(at).isNotEqualTo(500);
                } else {
                    assertThat(r.statusCode()).as(at).isEqualTo(400);
                    assertThat(r.body()).as(at).contains("is not a verb");
                }
            }
        }
        for (String path : List.of("/api/v2beta1/colours", "/api/v2beta1/agents/x/y")) {
            HttpResponse<String> r = send("GET", path, null, ADMIN);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(doc.path("paths").has(path)).isFalse();
        }
    }

    /** A Create of each kind: its request fits the documented body, its answer and its Get and List fit the documented answers. */
    @Test
    void requestsAndAnswersHaveTheDocumentedShape() throws Exception {
        Map<Kind, String> collection = Map.of(Kind.ACCESS_CONTROL_LIST, "acls", Kind.AGENT, "agents", Kind.CREDENTIALS, "credentials",
            Kind.DOMAIN, "domains", Kind.NUMBER, "numbers", Kind.PEER, "peers", Kind.TRUNK, "trunks");
        Map<Kind, String> refs = new LinkedHashMap<>();
        for (Kind kind : List.of(Kind.CREDENTIALS, Kind.ACCESS_CONTROL_LIST, Kind.TRUNK, Kind.NUMBER, Kind.PEER, Kind.DOMAIN, Kind.AGENT)) {
            String base = "/api/v2beta1/" + collection.get(kind);
            JsonNode request = createRequest(kind, refs.get(Kind.CREDENTIALS), refs.get(Kind.ACCESS_CONTROL_LIST), refs.get(Kind.TRUNK));
            JsonNode post = doc.path("paths").path(base).path("post");
            assertConforms(request, post.path("requestBody").path("content").path("application/json").path("schema"), kind + " request");
            HttpResponse<String> made = send("POST", base, JSON.writeValueAsString(request), ADMIN);
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            JsonNode answer = JSON.readTree(made.body());
            assertConforms(answer, post.path("responses").path("201").path("content").path("application/json").path("schema"), kind + " answer");
            refs.put(kind, answer.path("ref").asString());
            JsonNode got = JSON.readTree(send("GET", base + "/" + answer.path("ref").asString(), null, ADMIN).body());
            assertConforms(got, doc.path("paths").path(base + "/{ref}").path("get").path("responses").path("200").path("content")
                .path("application/json").path("schema"), kind + " get");
            JsonNode list = JSON.readTree(send("GET", base + "?pageSize=10", null, ADMIN).body());
            assertConforms(list, doc.path("paths").path(base).path("get").path("responses").path("200").path("content")
                .path("application/json").path("schema"), kind + " list");
        }
        HttpResponse<String> refused = send("GET", "/api/v2beta1/agents/nope", null, ADMIN);
        assertConforms(JSON.readTree(refused.body()), schema("#/components/schemas/Error"), "an error");
    }

    private JsonNode schema(String ref) {
        JsonNode s = doc;
        for (String part : ref.substring(2).split("/")) {
            s = s.path(part);
        }
        assertThat(s.isMissingNode()).as("%s resolves", ref).isFalse();
        return s;
    }

    private void assertConforms(JsonNode value, JsonNode schema, String what) {
        List<String> problems = new ArrayList<>();
        conforms(value, schema, what, problems);
        assertThat(problems).as(what + ": " + value).isEmpty();
    }

    private void conforms(JsonNode v, JsonNode s, String at, List<String> problems) {
        if (s.has("$ref")) {
            conforms(v, schema(s.path("$ref").asString()), at, problems);
            return;
        }
        switch (s.path("type").asString("")) {
            case "object" -> {
                if (!v.isObject()) {
                    problems.add(at + ": not an object");
                    return;
                }
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    JsonNode p = s.path("properties").path(e.getKey());
                    if (!p.isMissingNode()) {
                        conforms(e.getValue(), p, at + "." + e.getKey(), problems);
                    } else if (s.path("additionalProperties").isBoolean() && !s.path("additionalProperties").asBoolean()) {
                        problems.add(at + "." + e.getKey() + ": not in the schema");
                    } else if (s.path("additionalProperties").isObject()) {
                        conforms(e.getValue(), s.path("additionalProperties"), at + "." + e.getKey(), problems);
                    }
                }
                s.path("required").forEach(r -> {
                    if (!v.has(r.asString())) {
                        problems.add(at + "." + r.asString() + ": required");
                    }
                });
            }
            case "array" -> {
                if (!v.isArray()) {
                    problems.add(at + ": not an array");
                    return;
                }
                int i = 0;
                for (JsonNode x : v) {
                    conforms(x, s.path("items"), at + "[" + i++ + "]", problems);
                }
            }
            case "string" -> {
                if (!v.isString()) {
                    problems.add(at + ": not a string");
                } else if (s.has("enum") && s.path("enum").valueStream().noneMatch(e -> e.asString().equals(v.asString()))) {
                    problems.add(at + ": '" + v.asString() + "' not in " + s.path("enum"));
                }
            }
            case "integer" -> {
                if (!v.isIntegralNumber()) {
                    problems.add(at + ": not an integer");
                }
            }
            case "number" -> {
                if (!v.isNumber()) {
                    problems.add(at + ": not a number");
                }
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    problems.add(at + ": not a boolean");
                }
            }
            default -> problems.add(at + ": schema without a type: " + s);
        }
    }
}
