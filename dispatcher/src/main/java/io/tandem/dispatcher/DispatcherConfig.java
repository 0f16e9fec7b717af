package io.tandem.dispatcher;

import java.util.List;

/**
 * A {@code MessageDispatcher} resource (Routr v2), loaded by {@link DispatcherConfigLoader}.
 *
 * @param file where it was read from (for messages)
 * @param ref the Dispatcher's ref
 * @param apiVersion as written
 * @param bindAddr Routr's gRPC address; kept, unused in process (null when absent)
 * @param processors in order: the first whose methods and matchFunc accept a request gets it
 * @param middlewares in order
 */
public record DispatcherConfig(String file, String ref, String apiVersion, String bindAddr,
                               List<ProcessorSpec> processors, List<MiddlewareSpec> middlewares) {
    public DispatcherConfig {
        processors = List.copyOf(processors);
        middlewares = List.copyOf(middlewares);
    }

    /**
     * One {@code spec.processors[]} entry.
     *
     * @param ref names the Processor (looked up by ref, then by addr)
     * @param addr Routr's gRPC address ("host:port"): the launcher reaches a processor with one over
     *     gRPC; null when absent (in process)
     * @param methods the SIP methods it takes (case-sensitive, RFC 3261 §7.1)
     * @param matchFunc compiled
     */
    public record ProcessorSpec(String ref, String addr, List<String> methods, MatchFunc matchFunc) {
        public ProcessorSpec {
            methods = List.copyOf(methods);
        }

        /** An entry built in code; {@code matchFunc} is CEL or a JavaScript form (compiled here). */
        public static ProcessorSpec of(String ref, List<String> methods, String matchFunc) {
            return new ProcessorSpec(ref, null, methods, MatchFunc.compile(matchFunc));
        }
    }

    /**
     * One {@code spec.middlewares[]} entry.
     *
     * @param ref names the in-process Middleware (looked up by ref, then by addr)
     * @param addr Routr's gRPC address; null when absent
     * @param postProcessor whether its {@code after} runs on the decision (default false)
     */
    public record MiddlewareSpec(String ref, String addr, boolean postProcessor) {
    }
}
