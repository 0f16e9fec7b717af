package io.tandem.launcher;

import io.tandem.dispatcher.DispatcherConfig;
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
 * The processors of a MessageDispatcher document that run in other processes: every entry with an
 * {@code addr} (Routr's gRPC address, "host:port") is reached over gRPC by a {@link RemoteProcessor}
 * whose deadline is the EdgePort's {@code proxy.processorTimeout}. Entries without an addr are the
 * in-process ones (see {@link Dispatchers}). The channels close when the server stops.
 */
final class RemoteProcessors implements ServerFeature {
    private static final Logger LOG = LoggerFactory.getLogger("tandem");
    static final RemoteProcessors NONE = new RemoteProcessors(Map.of());

    private final Map<String, RemoteProcessor> byRef;

    private RemoteProcessors(Map<String, RemoteProcessor> byRef) {
        this.byRef = byRef;
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
        return new RemoteProcessors(Map.copyOf(out));
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

    List<RemoteProcessor> all() {
        return List.copyOf(byRef.values());
    }

    /** Each remote processor in /readyz: red, naming it and its address, while it cannot be reached. */
    @Override
    public Map<String, Supplier<CompletionStage<?>>> readiness() {
        Map<String, Supplier<CompletionStage<?>>> out = new LinkedHashMap<>();
        byRef.forEach((ref, remote) -> out.put("processor " + ref, remote::readiness));
        return out;
    }

    @Override
    public void stop(long graceMillis) {
        byRef.values().forEach(RemoteProcessor::close);
    }
}
