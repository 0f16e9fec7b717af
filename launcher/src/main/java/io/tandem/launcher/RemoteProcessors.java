package io.tandem.launcher;

import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.grpc.RemoteMiddleware;
import io.tandem.grpc.RemoteProcessor;
import io.tandem.processor.Processor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processors and middlewares of a MessageDispatcher document that run in other processes: every
 * processor entry with an {@code addr} (Routr's gRPC address, "host:port") is reached over gRPC by a
 * {@link RemoteProcessor}, every middleware whose addr is not a built-in {@code header:} one by a
 * {@link RemoteMiddleware},
 * whose deadline is the EdgePort's {@code proxy.processorTimeout}. Entries without an addr are the
 * in-process ones (see {@link Dispatchers}). The channels close when the server stops.
 */
final class RemoteProcessors implements ServerFeature {
    private static final Logger LOG = LoggerFactory.getLogger("tandem");
    static final RemoteProcessors NONE = new RemoteProcessors(Map.of());

    private final Map<String, RemoteProcessor> byRef;
    private final Map<String, RemoteMiddleware> middlewares;

    private RemoteProcessors(Map<String, RemoteProcessor> byRef) {
        this(byRef, Map.of());
    }

    private RemoteProcessors(Map<String, RemoteProcessor> byRef, Map<String, RemoteMiddleware> middlewares) {
        this.byRef = byRef;
        this.middlewares = middlewares;
    }

    /** A remote processor for each entry of {@code config} with an addr. */
    static RemoteProcessors of(DispatcherConfig config, long deadlineMillis) {
        return of(config, deadlineMillis, null);
    }

    /** As above, over TLS when {@code security} is not null. */
    static RemoteProcessors of(DispatcherConfig config, long deadlineMillis, io.tandem.grpc.LinkSecurity security) {
        Map<String, RemoteProcessor> out = new LinkedHashMap<>();
        for (DispatcherConfig.ProcessorSpec p : config.processors()) {
            if (p.addr() != null && !out.containsKey(p.ref())) {
                RemoteProcessor remote = new RemoteProcessor(p.ref(), p.addr(), deadlineMillis, security);
                LOG.info("processor {}: remote, over gRPC (deadline {} ms)", remote.describe(), deadlineMillis);
                out.put(p.ref(), remote);
            }
        }
        Map<String, RemoteMiddleware> mws = new LinkedHashMap<>();
        for (DispatcherConfig.MiddlewareSpec m : config.middlewares()) {
            if (m.addr() != null && !m.addr().startsWith(Dispatchers.HEADER_ADDR) && !mws.containsKey(m.ref())) {
                RemoteMiddleware remote = new RemoteMiddleware(m.ref(), m.addr(), m.postProcessor(), deadlineMillis, security);
                LOG.info("middleware {}: remote, over gRPC ({}; deadline {} ms)", remote.describe(),
                    m.postProcessor() ? "after the processor" : "before the processor", deadlineMillis);
                mws.put(m.ref(), remote);
            }
        }
        return new RemoteProcessors(Map.copyOf(out), Map.copyOf(mws));
    }

    /** The Dispatcher of a {@code tandem edgeport}, at {@code addr}: every request goes there. */
    static RemoteProcessors dispatcher(String addr, long deadlineMillis, io.tandem.grpc.LinkSecurity security) {
        RemoteProcessor remote = new RemoteProcessor("dispatcher", addr, deadlineMillis, security);
        LOG.info("dispatcher at {}: remote, over gRPC{} (deadline {} ms)", addr, security == null ? "" : " with TLS", deadlineMillis);
        return new RemoteProcessors(Map.of("dispatcher", remote));
    }

    /** The remote processors by ref. */
    Map<String, Processor> byRef() {
        return Map.copyOf(byRef);
    }

    /** The remote middlewares by ref. */
    Map<String, io.tandem.dispatcher.Middleware> middlewares() {
        return Map.copyOf(middlewares);
    }

    List<RemoteProcessor> all() {
        return List.copyOf(byRef.values());
    }

    /** Each remote processor in /readyz: red, naming it and its address, while it cannot be reached. */
    @Override
    public Map<String, Supplier<CompletionStage<?>>> readiness() {
        Map<String, Supplier<CompletionStage<?>>> out = new LinkedHashMap<>();
        byRef.forEach((ref, remote) -> out.put("processor " + ref, remote::readiness));
        middlewares.forEach((ref, remote) -> out.put("middleware " + ref, remote::readiness));
        return out;
    }

    @Override
    public void stop(long graceMillis) {
        byRef.values().forEach(RemoteProcessor::close);
        middlewares.values().forEach(RemoteMiddleware::close);
    }
}
