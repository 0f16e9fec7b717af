package io.tandem.admin;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.grpc.MethodDescriptor;
import io.tandem.admin.ApiException.Status;
import io.tandem.admin.routr.ProtoJson;
import io.tandem.admin.routr.RoutrGrpc;
import io.tandem.provisioning.Kind;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same services as JSON over HTTP, under {@code /api/v2beta1/}: the bodies are Routr's messages in proto3 JSON
 * ({@code CreateAgentRequest} for a POST), checked against the message type (an unknown field is a 400 naming it).
 *
 * <pre>
 * GET    /api/v2beta1/agents?pageSize=20&amp;pageToken=T     List
 * GET    /api/v2beta1/agents?fieldName=username&amp;fieldValue=1001   FindBy
 * GET    /api/v2beta1/agents/REF                           Get
 * POST   /api/v2beta1/agents            CreateAgentRequest  Create (201)
 * PUT    /api/v2beta1/agents/REF        UpdateAgentRequest  Update
 * DELETE /api/v2beta1/agents/REF                           Delete (204)
 * </pre>
 *
 * Kinds: domains, agents, peers, trunks, numbers, credentials, acls ({@link HttpRoute} is the table of verbs); the
 * OpenAPI 3 document of all of it is {@code GET /api/v2beta1/openapi.json}, served without a key. Errors: {@code {"code": "NOT_FOUND", "message": "..."}}
 * with the status's HTTP code (401, 403, 400, 404, 409, 412, 503).
 */
public final class HttpApi implements HttpHandler {
    public static final String PREFIX = "/api/v2beta1/";
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The path of the OpenAPI document, served without a key. */
    public static final String OPENAPI = PREFIX + "openapi.json";
    /** Collection name (the path segment after the prefix) to kind. */
    public static final Map<String, Kind> KINDS = Map.of("domains", Kind.DOMAIN, "agents", Kind.AGENT, "peers", Kind.PEER,
        "trunks", Kind.TRUNK, "numbers", Kind.NUMBER, "credentials", Kind.CREDENTIALS, "acls", Kind.ACCESS_CONTROL_LIST);

    private final AdminApi api;
    private final ApiKeys keys;

    public HttpApi(AdminApi api, ApiKeys keys) {
        this.api = api;
        this.keys = keys;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            int status = 200;
            JsonNode answer = null;
            try {
                if (ex.getRequestURI().getPath().equals(OPENAPI) && ex.getRequestMethod().equals("GET")) {
                    answer = OpenApiDocument.DOCUMENT;
                    send(ex, 200, JSON.writeValueAsBytes(answer));
                    return;
                }
                Caller c = keys.authenticate(ex.getRequestHeaders().getFirst("Authorization"));
                String[] path = ex.getRequestURI().getPath().substring(PREFIX.length()).split("/", -1);
                Kind kind = KINDS.get(path[0]);
                if (kind == null || path.length > 2) {
                    throw new ApiException(Status.NOT_FOUND, "no such resource collection: " + path[0] + " (expected one of "
                        + KINDS.keySet().stream().sorted().toList() + ")");
                }
                String ref = path.length == 2 ? URLDecoder.decode(path[1], StandardCharsets.UTF_8) : null;
                Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                HttpRoute route = HttpRoute.of(ex.getRequestMethod(), ref != null);
                if (route == null) {
                    throw new ApiException(Status.INVALID_ARGUMENT, ex.getRequestMethod() + " is not a verb of " + ex.getRequestURI().getPath());
                }
                status = route.status();
                switch (route) {
                    case LIST -> answer = q.containsKey("fieldName") ? api.findBy(c, kind, q.get("fieldName"), q.getOrDefault("fieldValue", ""))
                        : api.list(c, kind, pageSize(q.get("pageSize")), q.getOrDefault("pageToken", ""));
                    case GET -> answer = api.get(c, kind, ref);
                    case CREATE -> answer = api.create(c, kind, body(ex, kind, "Create"));
                    case UPDATE -> {
                        ObjectNode b = body(ex, kind, "Update");
                        b.put("ref", ref);
                        answer = api.update(c, kind, b);
                    }
                    case DELETE -> {
                        api.delete(c, kind, ref);
                        answer = null;
                    }
                }
            } catch (ApiException e) {
                status = e.status().http();
                ObjectNode err = JSON.createObjectNode().put("code", e.status().name()).put("message", e.getMessage());
                answer = err;
            } catch (RuntimeException e) {
                LOG.error("admin HTTP {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                status = 500;
                answer = JSON.createObjectNode().put("code", "INTERNAL").put("message", "internal error");
            }
            send(ex, status, answer == null ? new byte[0] : JSON.writeValueAsBytes(answer));
        }
    }

    private static void send(HttpExchange ex, int status, byte[] out) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
    }

    /** The request body, checked against the method's request message (unknown fields, types), in Routr's JSON shape. */
    @SuppressWarnings("rawtypes")
    private static ObjectNode body(HttpExchange ex, Kind kind, String verb) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(ex.getRequestBody().readAllBytes());
        } catch (tools.jackson.core.JacksonException e) {
            throw new ApiException(Status.INVALID_ARGUMENT, "the body is not JSON: " + e.getOriginalMessage());
        }
        MethodDescriptor<?, ?> md = RoutrGrpc.method(kind, verb);
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller) md.getRequestMarshaller()).getMessagePrototype();
        if (json.has("ref") && verb.equals("Update")) {
            throw new ApiException(Status.INVALID_ARGUMENT, "ref: is given by the path, not the body");
        }
        return ProtoJson.toJson(ProtoJson.merge(json, prototype.newBuilderForType(), "").build());
    }

    private static int pageSize(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ApiException(Status.INVALID_ARGUMENT, "pageSize: must be an integer, not '" + s + "'");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String p : raw.split("&")) {
                int eq = p.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }
}
