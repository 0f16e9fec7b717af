package io.tandem.dispatcher;

import com.networknt.schema.Schema;
import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
import io.tandem.config.ServiceAddress;
import io.tandem.dispatcher.DispatcherConfig.MiddlewareSpec;
import io.tandem.dispatcher.DispatcherConfig.ProcessorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;


/**
 * Reads a {@code MessageDispatcher} resource, YAML (JSON when the name ends in {@code .json}):
 * <pre>
 * kind: MessageDispatcher             # required
 * apiVersion: v2beta1                 # required: v2draft1, v2beta1 or v2
 * ref: message-dispatcher             # required
 * spec:
 *   bindAddr: 0.0.0.0:51901           # where 'tandem dispatcher' listens; unused in process
 *   processors:                       # required, at least one; the first match wins
 *     - ref: connect-processor        # required: names the Processor (in process: "connect")
 *       addr: 10.0.0.5:51904          # optional: a processor in another process, over gRPC (HOST:PORT:
 *                                     #   a host name, IPv4 or [IPv6])
 *       methods: [REGISTER, INVITE]   # required, at least one
 *       matchFunc: req => true        # required: CEL, or Routr's simple JavaScript forms
 *   middlewares:                      # optional, run in order
 *     - ref: my-middleware            # required
 *       addr: mw:51905                # optional: HOST:PORT, or header:NAME: VALUE (built in)
 *       postProcessor: false          # also run its after() on the decision
 * </pre>
 * Refusals ({@link ConfigException}) name the file, the field and the reason: syntax
 * (duplicate keys are errors) and the JSON Schema, by {@link ConfigDocument}: {@code schema/dispatcher.schema.json}, then every
 * matchFunc (compiled here, with the processor's ref in the reason) and every addr.
 */
public final class DispatcherConfigLoader {
    private static final Schema SCHEMA = ConfigDocument.schema(DispatcherConfigLoader.class, "/schema/dispatcher.schema.json");

    private DispatcherConfigLoader() {
    }

    /** Reads, validates and compiles a file. */
    public static DispatcherConfig load(Path file) {
        return parse(ConfigDocument.text(file), file.toString());
    }

    /** Validates and compiles {@code text}; {@code name} names it in errors (".json" selects JSON). */
    public static DispatcherConfig parse(String text, String name) {
        JsonNode root = ConfigDocument.read(text, name, SCHEMA);
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode spec = root.get("spec");
        List<ProcessorSpec> processors = new ArrayList<>();
        JsonNode list = spec.get("processors");
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String ref = p.get("ref").asString();
            checkAddr(text(p, "addr"), "spec.processors[" + i + "].addr", "processor " + ref, problems);
            try {
                processors.add(new ProcessorSpec(ref, text(p, "addr"), strings(p.get("methods")),
                    MatchFunc.compile(p.get("matchFunc").asString())));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("spec.processors[" + i + "].matchFunc", "processor " + ref + ": " + e.getMessage()));
            }
        }
        List<MiddlewareSpec> middlewares = new ArrayList<>();
        for (JsonNode m : spec.path("middlewares").values()) {
            String addr = text(m, "addr");
            if (addr != null && !addr.startsWith(HeaderMiddleware.ADDR_PREFIX)) {
                checkAddr(addr, "spec.middlewares[" + middlewares.size() + "].addr", "middleware " + m.get("ref").asString(), problems);
            }
            middlewares.add(new MiddlewareSpec(m.get("ref").asString(), addr, m.path("postProcessor").asBoolean(false)));
        }
        String bindAddr = text(spec, "bindAddr");
        if (bindAddr != null) {
            try {
                ServiceAddress.parseListen(bindAddr);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("spec.bindAddr", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(name, problems);
        }
        return new DispatcherConfig(name, root.get("ref").asString(), root.get("apiVersion").asString(),
            bindAddr, processors, middlewares);
    }

    /** A processor's or middleware's addr is HOST:PORT (a host name, IPv4 or [IPv6]): the gRPC service to reach. */
    private static void checkAddr(String addr, String path, String who, List<ConfigProblem> problems) {
        if (addr == null) {
            return;
        }
        try {
            ServiceAddress.parse(addr);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(path, who + ": " + e.getMessage()));
        }
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
}
