package io.tandem.config;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one reader of Tandem's configuration documents (EdgePort, MessageDispatcher, Location,
 * resources, Tandem extension sections): YAML, or JSON when the name ends in {@code .json}, with
 * duplicate keys refused, then checked against a JSON Schema (draft 2020-12). Every refusal is a
 * {@link ConfigException} of {@link ConfigProblem}s naming the file, the field and the reason.
 */
public final class ConfigDocument {
    /** A stream's next document is no trailing token. */
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private ConfigDocument() {
    }

    /** Reads {@code file}; a file that cannot be read is refused like a bad one. */
    public static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem("", "cannot read the file: " + e)));
        }
    }

    /** Parses {@code text} (named {@code name} in problems); the empty document is refused. */
    public static JsonNode parse(String text, String name) {
        List<JsonNode> docs = parseStream(text, name);
        if (docs.isEmpty() || docs.get(0) == null || docs.get(0).isMissingNode() || docs.get(0).isNull()) {
            throw new ConfigException(name, List.of(new ConfigProblem("", "empty document")));
        }
        if (docs.size() > 1) {
            throw new ConfigException(name, List.of(new ConfigProblem("", "holds " + docs.size() + " documents; one is expected")));
        }
        return docs.get(0);
    }

    /** True for a {@code .json} name (JSON), otherwise YAML. */
    public static boolean isJson(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * Every document of a YAML stream ({@code ---} separated; empty ones are null nodes) or the
     * one JSON document. Syntax errors, duplicate keys included, are refused with line and column.
     */
    public static List<JsonNode> parseStream(String text, String name) {
        boolean json = isJson(name);
        List<JsonNode> out = new ArrayList<>();
        try {
            if (json) {
                out.add(JSON.readTree(text));
            } else {
                try (JsonParser parser = YAML.createParser(text)) {
                    while (parser.nextToken() != null) {
                        out.add(YAML.readTree(parser));
                    }
                }
            }
        } catch (JacksonException e) {
            TokenStreamLocation l = e.getLocation();
            String where = l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
            throw new ConfigException(name, List.of(new ConfigProblem("", "not valid " + (json ? "JSON" : "YAML") + where + ": "
                + oneLine(e.getOriginalMessage()))));
        }
        return out;
    }

    /** A parser's message on one line: SnakeYAML's indented source excerpts and carets are dropped. */
    static String oneLine(String message) {
        if (message == null) {
            return "cannot parse";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.strip().split("\\R")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                sb.append(sb.isEmpty() ? "" : "; ").append(line.strip());
            }
        }
        return sb.isEmpty() ? message.strip() : sb.toString();
    }

    /** A schema from the classpath of {@code owner} (e.g. {@code /schema/edgeport.schema.json}), ready to validate. */
    public static Schema schema(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            Schema s = SCHEMAS.getSchema(in);
            s.initializeValidators();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The violations of {@code doc} against {@code schema}, sorted by field: a missing required
     * field is named itself ({@code spec.transport: is required}), so is a field the schema does
     * not know ({@code spec.limits.maxConection: unknown field ...}).
     */
    public static List<ConfigProblem> validate(Schema schema, JsonNode doc) {
        List<ConfigProblem> out = new ArrayList<>();
        for (Error e : schema.validate(doc)) {
            String path = path(e.getInstanceLocation());
            String reason = e.getMessage();
            String kw = e.getKeyword();
            if (e.getProperty() != null && ("required".equals(kw) || "additionalProperties".equals(kw))) {
                path = path.isEmpty() ? e.getProperty() : path + "." + e.getProperty();
                reason = "required".equals(kw) ? "is required" : "unknown field (not allowed here; a typo?)";
            }
            out.add(new ConfigProblem(path, reason));
        }
        out.sort(Comparator.comparing(ConfigProblem::path));
        return out;
    }

    /** Parses and validates; the document when it has no problem, else a ConfigException with all of them. */
    public static JsonNode read(String text, String name, Schema schema) {
        JsonNode root = parse(text, name);
        List<ConfigProblem> problems = validate(schema, root);
        if (!problems.isEmpty()) {
            throw new ConfigException(name, problems);
        }
        return root;
    }

    /** A NodePath as {@code spec.transport[1].port}. */
    public static String path(NodePath p) {
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
}
