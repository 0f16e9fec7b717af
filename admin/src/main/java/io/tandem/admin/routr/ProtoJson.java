package io.tandem.admin.routr;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.tandem.admin.ApiException;
import io.tandem.admin.ApiException.Status;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Protobuf messages to JSON and back by their descriptors, with proto3's JSON names ({@code domainRef}; the
 * proto name {@code domain_ref} is accepted too). Only fields that are set are written, so a partial update
 * stays partial. Reading refuses an unknown field or a value of the wrong type, naming the field.
 */
public final class ProtoJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtoJson() {
    }

    public static ObjectNode toJson(MessageOrBuilder m) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.isRepeated()) {
                ArrayNode a = out.putArray(f.getJsonName());
                for (Object v : (List<?>) e.getValue()) {
                    a.add(value(f, v));
                }
            } else {
                out.set(f.getJsonName(), value(f, e.getValue()));
            }
        }
        return out;
    }

    private static JsonNode value(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case MESSAGE -> v instanceof Struct s ? struct(s) : toJson((Message) v);
            case ENUM -> NODES.stringNode(((EnumValueDescriptor) v).getName());
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case INT -> NODES.numberNode((Integer) v);
            case LONG -> NODES.numberNode((Long) v);
            case FLOAT -> NODES.numberNode((Float) v);
            case DOUBLE -> NODES.numberNode((Double) v);
            case STRING -> NODES.stringNode((String) v);
            case BYTE_STRING -> NODES.stringNode(v.toString());
        };
    }

    private static ObjectNode struct(Struct s) {
        ObjectNode o = NODES.objectNode();
        s.getFieldsMap().forEach((k, v) -> o.set(k, structValue(v)));
        return o;
    }

    private static JsonNode structValue(Value v) {
        return switch (v.getKindCase()) {
            case NUMBER_VALUE -> NODES.numberNode(v.getNumberValue());
            case STRING_VALUE -> NODES.stringNode(v.getStringValue());
            case BOOL_VALUE -> NODES.booleanNode(v.getBoolValue());
            case STRUCT_VALUE -> struct(v.getStructValue());
            case LIST_VALUE -> {
                ArrayNode a = NODES.arrayNode();
                v.getListValue().getValuesList().forEach(x -> a.add(structValue(x)));
                yield a;
            }
            default -> NODES.nullNode();
        };
    }

    /** {@code json} into {@code builder}; {@code path} prefixes the field names of errors (empty at the top). */
    public static <B extends Message.Builder> B merge(JsonNode json, B builder, String path) {
        if (!json.isObject()) {
            throw invalid(path.isEmpty() ? "the request" : path, "must be an object");
        }
        Descriptor d = builder.getDescriptorForType();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            FieldDescriptor f = field(d, e.getKey());
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (f == null) {
                throw invalid(at, "unknown field");
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (f.isRepeated()) {
                if (!v.isArray()) {
                    throw invalid(at, "must be a list");
                }
                int i = 0;
                for (JsonNode x : v) {
                    builder.addRepeatedField(f, read(f, x, builder, at + "[" + i++ + "]"));
                }
            } else {
                builder.setField(f, read(f, v, builder, at));
            }
        }
        return builder;
    }

    private static FieldDescriptor field(Descriptor d, String name) {
        FieldDescriptor f = d.findFieldByName(name);
        if (f != null) {
            return f;
        }
        for (FieldDescriptor x : d.getFields()) {
            if (x.getJsonName().equals(name)) {
                return x;
            }
        }
        return null;
    }

    private static Object read(FieldDescriptor f, JsonNode v, Message.Builder parent, String at) {
        switch (f.getJavaType()) {
            case MESSAGE -> {
                if (f.getMessageType().getFullName().equals(Struct.getDescriptor().getFullName())) {
                    if (!v.isObject()) {
                        throw invalid(at, "must be an object");
                    }
                    return toStruct(v);
                }
                return merge(v, parent.newBuilderForField(f), at).build();
            }
            case ENUM -> {
                EnumValueDescriptor e = v.isString() ? f.getEnumType().findValueByName(v.stringValue())
                    : v.isInt() ? f.getEnumType().findValueByNumber(v.intValue()) : null;
                if (e == null) {
                    throw invalid(at, "must be one of " + f.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList());
                }
                return e;
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw invalid(at, "must be true or false");
                }
                return v.booleanValue();
            }
            case INT -> {
                if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                    throw invalid(at, "must be an integer");
                }
                return v.intValue();
            }
            case LONG -> {
                if (!v.isIntegralNumber()) {
                    throw invalid(at, "must be an integer");
                }
                return v.longValue();
            }
            case STRING -> {
                if (!v.isString()) {
                    throw invalid(at, "must be a string");
                }
                return v.stringValue();
            }
            default -> throw invalid(at, "is not supported here");
        }
    }

    private static Struct toStruct(JsonNode o) {
        Struct.Builder b = Struct.newBuilder();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            b.putFields(e.getKey(), toValue(e.getValue()));
        }
        return b.build();
    }

    private static Value toValue(JsonNode v) {
        if (v.isObject()) {
            return Value.newBuilder().setStructValue(toStruct(v)).build();
        }
        if (v.isArray()) {
            ListValue.Builder l = ListValue.newBuilder();
            v.forEach(x -> l.addValues(toValue(x)));
            return Value.newBuilder().setListValue(l).build();
        }
        if (v.isNumber()) {
            return Value.newBuilder().setNumberValue(v.doubleValue()).build();
        }
        if (v.isBoolean()) {
            return Value.newBuilder().setBoolValue(v.booleanValue()).build();
        }
        if (v.isString()) {
            return Value.newBuilder().setStringValue(v.stringValue()).build();
        }
        return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }

    private static ApiException invalid(String field, String reason) {
        return new ApiException(Status.INVALID_ARGUMENT, field + ": " + reason);
    }
}
