package io.tandem.edgeport.robust;

import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.edgeport.dns.NumericResolver;
import io.tandem.edgeport.proxy.ProxyStats;
import io.tandem.processor.Decision;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Processor;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.awaitility.Awaitility;

/**
 * An EdgePort on UDP and TCP at 127.0.0.1 (ephemeral ports) whose Processor each test chooses
 * by setting {@link #processor}.
 */
final class EdgePortFixture implements AutoCloseable {
    /** What the EdgePort's Processor does; by default a 500 that no test expects. */
    volatile Processor processor = ctx -> CompletableFuture.completedFuture(Decision.respond(599, "No Processor Set"));
    final EdgePort edgePort;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();

    EdgePortFixture() throws Exception {
        this(java.util.function.UnaryOperator.identity(), io.tandem.edgeport.Features.none(), null);
    }

    /** With a changed configuration, features on the seams, and (when not null) a Processor used as it is. */
    EdgePortFixture(java.util.function.UnaryOperator<EdgePortConfig> change, io.tandem.edgeport.Features features,
                    Processor fixed) throws Exception {
        EdgePortConfig cfg = change.apply(EdgePortConfig.of(List.of(
            new TransportSpec(Transport.UDP, "127.0.0.1", 0),
            new TransportSpec(Transport.TCP, "127.0.0.1", 0))));
        edgePort = new EdgePort(cfg, fixed != null ? fixed : ctx -> processor.process(ctx), new NumericResolver(blocking), 2, features);
        try {
            edgePort.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    ListeningPoint point(Transport t) {
        return edgePort.listeningPoints().stream().filter(lp -> lp.transport() == t).findFirst().orElseThrow();
    }

    InetSocketAddress udp() {
        return new InetSocketAddress("127.0.0.1", point(Transport.UDP).port());
    }

    InetSocketAddress tcp() {
        return new InetSocketAddress("127.0.0.1", point(Transport.TCP).port());
    }

    ProxyStats stats() {
        return edgePort.stats();
    }

    /** Waits (up to 5 s) until a counter has grown by exactly {@code by} from {@code before}. */
    static void awaitCount(String what, LongSupplier counter, long before, long by) {
        Awaitility.await(what).atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(10))
            .until(() -> counter.getAsLong() >= before + by);
        org.assertj.core.api.Assertions.assertThat(counter.getAsLong()).as(what).isEqualTo(before + by);
    }

    @Override
    public void close() {
        edgePort.close();
        blocking.shutdownNow();
    }
}
