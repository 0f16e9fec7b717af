package io.tandem.provisioning;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Validates documents against the per-kind JSON Schemas in {@code /schema/<kind>.schema.json}. */
final class SchemaValidator {
    /** A schema violation: the field's JSON path and the reason. */
    record Violation(String field, String reason) {
    }

    private static final Map<Kind, Schema> SCHEMAS = loadAll();

    private SchemaValidator() {
    }

    /** The violations of {@code doc} against {@code kind}'s schema, sorted by field. */
    static List<Violation> validate(Kind kind, JsonNode doc) {
        List<Violation> out = new ArrayList<>();
        for (Error e : SCHEMAS.get(kind).validate(doc)) {
            String field = path(e.getInstanceLocation());
            String reason = e.getMessage();
            if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
                field = field.isEmpty() ? e.getProperty() : field + "." + e.getProperty();
                reason = "is required";
            } else if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
                field = field.isEmpty() ? e.getProperty() : field + "." + e.getProperty();
                reason = "is not a known field here";
            }
            out.add(new Violation(field, reason));
        }
        out.sort((a, b) -> a.field().compareTo(b.field()));
        return out;
    }

    /** A NodePath as {@code spec.outbound.uris[0].uri.port}. */
    static String path(NodePath p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.getNameCount(); i++) {
            Object el = p.getElement(i);
            if (el instanceof Integer n) {
                sb.append('[').append(n).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(el);
            }
        }
        return sb.toString();
    }

    private static Map<Kind, Schema> loadAll() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Map<Kind, Schema> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            try (InputStream in = SchemaValidator.class.getResourceAsStream(k.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException(k.schemaResource() + " missing from the classpath");
                }
                Schema s = registry.getSchema(in);
                s.initializeValidators();
                m.put(k, s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return m;
    }
}
