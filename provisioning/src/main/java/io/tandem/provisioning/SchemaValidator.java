package io.tandem.provisioning;

import com.networknt.schema.Schema;
import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigProblem;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Validates documents against the per-kind JSON Schemas in {@code /schema/<kind>.schema.json}, through {@link ConfigDocument}. */
final class SchemaValidator {
    private static final Map<Kind, Schema> SCHEMAS = loadAll();

    private SchemaValidator() {
    }

    /** The violations of {@code doc} against {@code kind}'s schema, sorted by field. */
    static List<ConfigProblem> validate(Kind kind, JsonNode doc) {
        return ConfigDocument.validate(SCHEMAS.get(kind), doc);
    }

    private static Map<Kind, Schema> loadAll() {
        Map<Kind, Schema> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, ConfigDocument.schema(SchemaValidator.class, k.schemaResource()));
        }
        return m;
    }
}
