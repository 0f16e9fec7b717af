package io.tandem.edgeport.transport;

import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A started transport with a recording handler; closes what it started. */
final class Fixture implements AutoCloseable {
    final RecordingHandler handler = new RecordingHandler();
    final NettySipTransport transport;

    Fixture(EdgePortConfig config, boolean preferNative) throws Exception {
        transport = new NettySipTransport(config, 2, preferNative);
        try {
            transport.start(handler).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            transport.close();
            throw e;
        }
    }

    Fixture(EdgePortConfig config) throws Exception {
        this(config, true);
    }

    /** Ephemeral-port listeners on 127.0.0.1 (and "::1" entries when given as "tcp6" etc.). */
    static List<TransportSpec> specs(String... protocols) {
        List<TransportSpec> out = new ArrayList<>();
        for (String p : protocols) {
            boolean v6 = p.endsWith("6");
            String name = v6 ? p.substring(0, p.length() - 1) : p;
            out.add(new TransportSpec(Transport.of(name), v6 ? "::1" : "127.0.0.1", 0));
        }
        return out;
    }

    ListeningPoint point(Transport t, String bindHost) {
        return transport.listeningPoints().stream()
            .filter(lp -> lp.transport() == t && lp.bindHost().equals(bindHost))
            .findFirst().orElseThrow();
    }

    InetSocketAddress address(Transport t) {
        return new InetSocketAddress("127.0.0.1", point(t, "127.0.0.1").port());
    }

    InetSocketAddress address6(Transport t) {
        return new InetSocketAddress("::1", point(t, "::1").port());
    }

    TransportStats stats() {
        return transport.stats();
    }

    @Override
    public void close() {
        transport.close();
    }
}
