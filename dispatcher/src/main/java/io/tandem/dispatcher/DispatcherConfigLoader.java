package io.tandem.dispatcher;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.tandem.dispatcher.DispatcherConfig.MiddlewareSpec;
import io.tandem.dispatcher.DispatcherConfig.ProcessorSpec;
import io.tandem.dispatcher.DispatcherConfigException.Problem;
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
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a {@code MessageDispatcher} resource, YAML (JSON when the name ends in {@code .json}):
 * <pre>
 * kind: MessageDispatcher             # required
 * apiVersion: v2beta1                 # required: v2draft1, v2beta1 or v2
 * ref: message-dispatcher             # required
 * spec:
 *   bindAddr: 0.0.0.0:51901           # accepted, unused in process
 *   processors:                       # required, at least one; the first match wins
 *     - ref: connect-processor        # required: the in-process Processor's name
 *       addr: connect:51904           # optional here (required by Routr); also a lookup key
 *       methods: [REGISTER, INVITE]   # required, at least one
 *       matchFunc: req => true        # required: CEL, or Routr's simple JavaScript forms
 *   middlewares:                      # optional, run in order
 *     - ref: my-middleware            # required
 *       addr: mw:51905                # optional
 *       postProcessor: false          # also run its after() on the decision
 * </pre>
 * Refusals ({@link DispatcherConfigException}) name the file, the field and the reason: syntax
 * (duplicate keys are errors), the JSON Schema {@code schema/dispatcher.schema.json}, then every
 * matchFunc (compiled here, with the processor's ref in the reason).
 */
public final class DispatcherConfigLoader {
    private static final Schema SCHEMA = loadSchema();
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private DispatcherConfigLoader() {
    }

    /** Reads, validates and compiles a file. */
    public static DispatcherConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DispatcherConfigException(file.toString(), List.of(new Problem("", "cannot read the file: " + e)));
        }
        return parse(text, file.toString());
    }

    /** Validates and compiles {@code text}; {@code name} names it in errors (".json" selects JSON). */
    public static DispatcherConfig parse(String text, String name) {
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new DispatcherConfigException(name, List.of(
                new Problem("", "not valid " + (json ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new DispatcherConfigException(name, List.of(new Problem("", "empty document")));
        }
        List<Problem> problems = validate(root);
        if (!problems.isEmpty()) {
            throw new DispatcherConfigException(name, problems);
        }
        JsonNode spec = root.get("spec");
        List<ProcessorSpec> processors = new ArrayList<>();
        JsonNode list = spec.get("processors");
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String ref = p.get("ref").asString();
            try {
                processors.add(new ProcessorSpec(ref, text(p, "addr"), strings(p.get("methods")),
                    MatchFunc.compile(p.get("matchFunc").asString())));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("spec.processors[" + i + "].matchFunc", "processor " + ref + ": " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new DispatcherConfigException(name, problems);
        }
        List<MiddlewareSpec> middlewares = new ArrayList<>();
        for (JsonNode m : spec.path("middlewares").values()) {
            middlewares.add(new MiddlewareSpec(m.get("ref").asString(), text(m, "addr"), m.path("postProcessor").asBoolean(false)));
        }
        return new DispatcherConfig(name, root.get("ref").asString(), root.get("apiVersion").asString(),
            text(spec, "bindAddr"), processors, middlewares);
    }

    /** The schema violations of a document, each with its field path. */
    static List<Problem> validate(JsonNode root) {
        List<Problem> out = new ArrayList<>();
        for (Error e : SCHEMA.validate(root)) {
            String path = path(e.getInstanceLocation());
            String reason = e.getMessage();
            String kw = e.getKeyword();
            if (e.getProperty() != null && ("required".equals(kw) || "additionalProperties".equals(kw))) {
                path = path.isEmpty() ? e.getProperty() : path + "." + e.getProperty();
                reason = "required".equals(kw) ? "is required" : "unknown field (not allowed here; a typo?)";
            }
            out.add(new Problem(path, reason));
        }
        out.sort(Comparator.comparing(Problem::path));
        return out;
    }

    /** A NodePath as {@code spec.processors[1].methods}. */
    private static String path(NodePath p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.getNameCount(); i++) {
            Object el = p.getElement(i);
            if (el instanceof Integer n) {
                sb.append('[').append(n).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(el);
            }
        }
        return sb.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode n : array.values()) {
            out.add(n.asString());
        }
        return out;
    }

    private static Schema loadSchema() {
        try (InputStream in = DispatcherConfigLoader.class.getResourceAsStream("/schema/dispatcher.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/dispatcher.schema.json missing from the classpath");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
