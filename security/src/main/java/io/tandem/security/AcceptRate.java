package io.tandem.security;

import io.tandem.edgeport.door.SourceFilter;
import io.tandem.processor.Transport;
import io.tandem.security.SecurityConfig.Connections;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Connection floods: new TCP/TLS/WS/WSS connections per second, per source (trusted sources
 * exempt) and in total, refused at accept, before any TLS handshake. Datagrams are not connections:
 * UDP floods are the {@link FloodDetector}'s.
 */
final class AcceptRate implements SourceFilter {
    private static final Integer ALL = 0;

    private final Connections limits;
    private final Networks trusted;
    private final LongSupplier clock;
    private final WindowCounter<InetAddress> perSource = new WindowCounter<>(1000, 100_000);
    private final WindowCounter<Integer> total = new WindowCounter<>(1000, 1);
    private final LongAdder refused = new LongAdder();

    AcceptRate(Connections limits, Networks trusted, LongSupplier clock) {
        this.limits = limits;
        this.trusted = trusted;
        this.clock = clock;
    }

    @Override
    public boolean admits(InetSocketAddress remote, Transport transport) {
        if (transport == Transport.UDP) {
            return true;
        }
        long now = clock.getAsLong();
        InetAddress ip = remote.getAddress();
        boolean ok = limits.acceptPerSecond() <= 0 || total.add(ALL, now) <= limits.acceptPerSecond();
        if (ok && limits.acceptPerSourcePerSecond() > 0 && !trusted.contains(ip)) {
            ok = perSource.add(ip, now) <= limits.acceptPerSourcePerSecond();
        }
        if (!ok) {
            refused.increment();
        }
        return ok;
    }

    void sweep(long now) {
        perSource.sweep(now);
    }

    long refused() {
        return refused.sum();
    }
}
