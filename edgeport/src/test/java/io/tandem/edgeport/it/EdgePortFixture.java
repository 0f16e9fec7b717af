package io.tandem.edgeport.it;

import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import io.tandem.testkit.TlsRelay;
import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.SecurityContext;
import io.tandem.edgeport.config.Timers;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.edgeport.dns.NumericResolver;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every SIPp test of the EdgePort needs: an EdgePort on ephemeral ports of 127.0.0.1 with a
 * {@link StaticRouteProcessor}, a {@link Sipp} launcher writing into the test's directory, and
 * clean-up of both (and of any relay) after each test, pass or fail. A failed SIPp run shows its
 * logs in the assertion message; {@code -Dsipp.keep=DIR} also keeps every test's scenarios and logs
 * in DIR.
 */
abstract class EdgePortFixture {
    /**
     * A small T1, so that timer B (64·T1 = 3.2 s) and the other 64·T1 timers fire quickly. Only
     * for tests that wait for them: with it the proxy also resends an INVITE after 50 ms without
     * a 100, which would blur tests that count what the callee received.
     */
    static final Timers FAST = new Timers(50, 400, 500);
    /** RFC 3261's defaults (T1 500 ms). */
    static final Timers RFC = Timers.DEFAULT;

    @TempDir
    Path dir;
    Sipp sipp;
    EdgePort edge;
    final StaticRouteProcessor routes = new StaticRouteProcessor();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ExecutorService dns;

    @BeforeEach
    void createLauncher() {
        sipp = new Sipp(dir);
    }

    @AfterEach
    void cleanUp() throws Exception {
        sipp.close();
        try {
            for (AutoCloseable c : closeables) {
                c.close();
            }
        } finally {
            if (edge != null) {
                edge.close();
            }
            if (dns != null) {
                dns.shutdownNow();
            }
            keepLogs();
        }
    }

    /** Debugging: {@code -Dsipp.keep=DIR} copies the test's scenarios and logs there. */
    private void keepLogs() throws java.io.IOException {
        String keep = System.getProperty("sipp.keep");
        if (keep == null) {
            return;
        }
        Path to = Path.of(keep).resolve(getClass().getSimpleName() + "-" + System.nanoTime());
        Files.createDirectories(to);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** Starts the EdgePort with one listener per transport (ephemeral ports) and these timers. */
    EdgePort start(Timers timers, SecurityContext security, Transport... transports) throws Exception {
        List<TransportSpec> specs = new ArrayList<>();
        for (Transport t : transports) {
            specs.add(new TransportSpec(t, "127.0.0.1", 0));
        }
        EdgePortConfig c = EdgePortConfig.of(specs).withSecurityContext(security);
        c = new EdgePortConfig(c.source(), c.ref(), c.apiVersion(), c.region(), c.bindAddr(), c.externalAddrs(), c.localnets(),
            c.methods(), c.unknownMethodAction(), c.processorAddr(), c.securityContext(), c.transports(), timers, c.limits());
        dns = Executors.newVirtualThreadPerTaskExecutor();
        edge = new EdgePort(c, routes, new NumericResolver(dns), 2);
        edge.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return edge;
    }

    EdgePort start(Timers timers, Transport... transports) throws Exception {
        return start(timers, SecurityContext.NONE, transports);
    }

    /** Where the EdgePort listens for this transport. */
    InetSocketAddress edgeAddress(Transport t) {
        for (ListeningPoint lp : edge.listeningPoints()) {
            if (lp.transport() == t) {
                return new InetSocketAddress(lp.bindHost(), lp.port());
            }
        }
        throw new IllegalArgumentException("no " + t + " listener");
    }

    /** {@code sip:user@127.0.0.1:port;transport=t}. */
    static String uri(String user, int port, Transport t) {
        return "sip:" + user + "@127.0.0.1:" + port + ";transport=" + t.name().toLowerCase(Locale.ROOT);
    }

    <T extends AutoCloseable> T closeAfter(T c) {
        closeables.add(c);
        return c;
    }
}
