package io.tandem.admin;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.tandem.admin.routr.RoutrGrpc;
import io.tandem.provisioning.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3 document of {@link HttpApi}, built from what the API itself runs on so that it cannot drift: the
 * paths from {@link HttpApi#KINDS} × {@link HttpRoute}, the bodies from the protobuf descriptors of Routr's messages
 * (proto3 JSON names, as {@code ProtoJson} reads and writes them), the errors from {@link ApiException.Status}.
 */
public final class OpenApiDocument {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCHEMAS = "#/components/schemas/";

    /** The document, built once. */
    public static final ObjectNode DOCUMENT = build();

    private OpenApiDocument() {
    }

    private static ObjectNode build() {
        Map<String, ObjectNode> schemas = new TreeMap<>();
        ObjectNode doc = NODES.objectNode().put("openapi", "3.0.3");
        doc.putObject("info").put("title", "Tandem admin API (Routr v2 resources over JSON/HTTP)").put("version", "v2beta1")
            .put("description", "Routr v2's resource services (fonoster.routr.connect.<kind>.v2beta1) as JSON over HTTP. Bodies are "
                + "Routr's messages in proto3 JSON; an unknown field is refused naming it. Authenticate with an API key of "
                + "provisioning.yaml: HTTP Basic id:secret, or Bearer id:secret.");
        ObjectNode security = doc.putObject("components").putObject("securitySchemes");
        security.putObject("basic").put("type", "http").put("scheme", "basic");
        security.putObject("bearer").put("type", "http").put("scheme", "bearer").put("description", "id:secret");
        ArrayNode everyKey = doc.putArray("security");
        everyKey.addObject().putArray("basic");
        everyKey.addObject().putArray("bearer");
        ObjectNode paths = doc.putObject("paths");
        paths.putObject(HttpApi.OPENAPI).putObject("get").put("operationId", "openapi").put("summary", "This document (no key needed)")
            .<ObjectNode>set("security", NODES.arrayNode())
            .putObject("responses").putObject("200").put("description", "the OpenAPI document")
            .putObject("content").putObject("application/json").putObject("schema").put("type", "object");
        for (Map.Entry<String, Kind> e : new TreeMap<>(HttpApi.KINDS).entrySet()) {
            String collection = e.getKey();
            Kind kind = e.getValue();
            for (HttpRoute route : HttpRoute.values()) {
                String path = HttpApi.PREFIX + collection + (route.withRef() ? "/{ref}" : "");
                ObjectNode item = paths.path(path) instanceof ObjectNode o ? o : paths.putObject(path);
                item.set(route.method().toLowerCase(Locale.ROOT), operation(collection, kind, route, schemas));
            }
        }
        ObjectNode error = NODES.objectNode().put("type", "object");
        error.putArray("required").add("code").add("message");
        ObjectNode errorProps = error.putObject("properties");
        ArrayNode codes = errorProps.putObject("code").put("type", "string").putArray("enum");
        for (ApiException.Status s : ApiException.Status.values()) {
            codes.add(s.name());
        }
        codes.add("INTERNAL");
        errorProps.putObject("message").put("type", "string").put("description", "names the field and the reason");
        schemas.put("Error", error);
        ObjectNode components = (ObjectNode) doc.path("components");
        ObjectNode out = components.putObject("schemas");
        schemas.forEach(out::set);
        return doc;
    }

    private static ObjectNode operation(String collection, Kind kind, HttpRoute route, Map<String, ObjectNode> schemas) {
        ObjectNode op = NODES.objectNode();
        op.put("operationId", route.rpc().toLowerCase(Locale.ROOT) + Character.toUpperCase(collection.charAt(0)) + collection.substring(1));
        op.putArray("tags").add(collection);
        MethodDescriptor<?, ?> md = RoutrGrpc.method(kind, route.rpc());
        op.put("summary", route.rpc() + " (" + md.getFullMethodName() + ")");
        ArrayNode params = op.putArray("parameters");
        if (route.withRef()) {
            params.addObject().put("name", "ref").put("in", "path").put("required", true).putObject("schema").put("type", "string");
        }
        if (route == HttpRoute.LIST) {
            query(params, "pageSize", "integer", "items per page, up to 1000");
            query(params, "pageToken", "string", "the nextPageToken of the previous page");
            query(params, "fieldName", "string", "with fieldValue: FindBy, the API field to match (e.g. username); no paging then");
            query(params, "fieldValue", "string", "the value fieldName must have");
        }
        Descriptor request = prototype(md.getRequestMarshaller()).getDescriptorForType();
        if (route == HttpRoute.CREATE || route == HttpRoute.UPDATE) {
            ObjectNode body = op.putObject("requestBody").put("required", true);
            body.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", SCHEMAS + name(request, route == HttpRoute.UPDATE, schemas));
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject(Integer.toString(route.status()));
        if (route == HttpRoute.DELETE) {
            ok.put("description", "deleted");
        } else {
            ok.put("description", route.rpc() + " answered").putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", SCHEMAS + name(prototype(md.getResponseMarshaller()).getDescriptorForType(), false, schemas));
        }
        List<Integer> statuses = new ArrayList<>();
        for (ApiException.Status s : ApiException.Status.values()) {
            statuses.add(s.http());
        }
        statuses.add(500);
        for (int s : statuses) {
            responses.putObject(Integer.toString(s)).put("description", "refused (see Error.code)")
                .putObject("content").putObject("application/json").putObject("schema").put("$ref", SCHEMAS + "Error");
        }
        return op;
    }

    private static void query(ArrayNode params, String name, String type, String description) {
        params.addObject().put("name", name).put("in", "query").put("required", false).put("description", description)
            .putObject("schema").put("type", type);
    }

    @SuppressWarnings("rawtypes")
    private static Message prototype(MethodDescriptor.Marshaller<?> m) {
        return (Message) ((MethodDescriptor.PrototypeMarshaller) m).getMessagePrototype();
    }

    /**
     * The schema name of {@code d}, added with what it references; {@code withoutRef}: the body of a PUT, whose ref is
     * the path's.
     */
    private static String name(Descriptor d, boolean withoutRef, Map<String, ObjectNode> schemas) {
        String name = d.getFullName() + (withoutRef ? ".Body" : "");
        if (schemas.containsKey(name)) {
            return name;
        }
        ObjectNode s = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        schemas.put(name, s);
        if (withoutRef) {
            s.put("description", d.getName() + " without its ref, which the path gives");
        }
        ObjectNode props = s.putObject("properties");
        for (FieldDescriptor f : d.getFields()) {
            if (withoutRef && f.getName().equals("ref")) {
                continue;
            }
            props.set(f.getJsonName(), field(f, schemas));
        }
        return name;
    }

    private static ObjectNode field(FieldDescriptor f, Map<String, ObjectNode> schemas) {
        if (f.isMapField()) {
            return NODES.objectNode().put("type", "object")
                .set("additionalProperties", single(f.getMessageType().findFieldByName("value"), schemas));
        }
        ObjectNode one = single(f, schemas);
        return f.isRepeated() ? NODES.objectNode().put("type", "array").set("items", one) : one;
    }

    private static ObjectNode single(FieldDescriptor f, Map<String, ObjectNode> schemas) {
        ObjectNode s = NODES.objectNode();
        switch (f.getJavaType()) {
            case MESSAGE -> {
                if (f.getMessageType().getFullName().equals("google.protobuf.Struct")) {
                    s.put("type", "object").put("additionalProperties", true);
                } else {
                    s.put("$ref", SCHEMAS + name(f.getMessageType(), false, schemas));
                }
            }
            case ENUM -> {
                ArrayNode values = s.put("type", "string").putArray("enum");
                for (EnumValueDescriptor v : f.getEnumType().getValues()) {
                    values.add(v.getName());
                }
            }
            case BOOLEAN -> s.put("type", "boolean");
            case INT -> s.put("type", "integer").put("format", "int32");
            case LONG -> s.put("type", "integer").put("format", "int64");
            case FLOAT, DOUBLE -> s.put("type", "number");
            case STRING -> s.put("type", "string");
            case BYTE_STRING -> s.put("type", "string").put("format", "byte");
        }
        return s;
    }
}
