package io.tandem.connect.it;

import io.tandem.connect.ConnectProcessor;
import io.tandem.connect.ConnectSettings;
import io.tandem.connect.auth.NonceService;
import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.Timers;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.edgeport.dns.NumericResolver;
import io.tandem.location.LocationService;
import io.tandem.location.MemoryLocationService;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.provisioning.FileProvisioning;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EdgePort with the Connect processor on ephemeral UDP and TCP ports of 127.0.0.1, reading
 * Routr resources that the test writes into {@link #resources}, plus a SIPp launcher. Subclasses
 * write their resource files, then call {@link #start}.
 */
abstract class ConnectFixture {
    /** Small T1 so that timer B (64·T1) fires in seconds. */
    static final Timers FAST = new Timers(50, 400, 500);

    @TempDir
    Path dir;
    Path resources;
    Sipp sipp;
    EdgePort edge;
    FileProvisioning provisioning;
    LocationService location;
    private ExecutorService dns;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void prepare() throws IOException {
        resources = Files.createDirectories(dir.resolve("resources"));
        sipp = new Sipp(Files.createDirectories(dir.resolve("sipp")));
    }

    @AfterEach
    void stop() throws Exception {
        sipp.close();
        if (edge != null) {
            edge.close();
        }
        if (provisioning != null) {
            provisioning.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (dns != null) {
            dns.shutdownNow();
        }
    }

    /** Writes one resource file (YAML, Routr v2 format). */
    void resource(String file, String yaml) throws IOException {
        Files.writeString(resources.resolve(file), yaml);
    }

    /** Starts with a memory Location service. */
    void start() throws Exception {
        start(new MemoryLocationService(), ConnectSettings.DEFAULT);
    }

    void start(LocationService locationService, ConnectSettings settings) throws Exception {
        location = locationService;
        closeables.add(locationService);
        provisioning = new FileProvisioning(resources);
        NonceService nonces = NonceService.withRandomKey(settings.nonceLifetimeMillis());
        ConnectProcessor connect = new ConnectProcessor(provisioning, location, settings, nonces);
        EdgePortConfig c = EdgePortConfig.of(List.of(new TransportSpec(Transport.UDP, "127.0.0.1", 0),
            new TransportSpec(Transport.TCP, "127.0.0.1", 0)));
        c = new EdgePortConfig(c.source(), "edgeport-test", c.apiVersion(), c.region(), c.bindAddr(), c.externalAddrs(),
            c.localnets(), c.methods(), c.unknownMethodAction(), c.processorAddr(), c.securityContext(), c.transports(),
            FAST, c.limits());
        dns = Executors.newVirtualThreadPerTaskExecutor();
        edge = new EdgePort(c, connect, new NumericResolver(dns), 2);
        edge.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Where the EdgePort listens for this transport. */
    InetSocketAddress address(Transport t) {
        for (ListeningPoint lp : edge.listeningPoints()) {
            if (lp.transport() == t) {
                return new InetSocketAddress("127.0.0.1", lp.port());
            }
        }
        throw new IllegalStateException("no " + t + " listener");
    }
}
