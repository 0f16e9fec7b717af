package io.tandem.edgeport.transport;

import io.tandem.edgeport.config.Limits;
import io.tandem.processor.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open stream connections by (transport, remote address), so that responses and later requests
 * toward a peer reuse the connection it opened (RFC 3261 §18.2.2, RFC 5923 §4), and the counts
 * behind the connection limits. Lock-free lookups; admission updates one map bin atomically.
 */
final class ConnectionTable {
    record Key(Transport transport, InetSocketAddress remote) {
    }

    private final ConcurrentHashMap<Key, StreamFlow> flows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Limits limits;

    ConnectionTable(Limits limits) {
        this.limits = limits;
    }

    /** Counts an accepted connection from {@code source}; false (nothing counted) when a limit would be exceeded. */
    boolean tryAdmit(InetAddress source) {
        if (accepted.incrementAndGet() > limits.maxConnections()) {
            accepted.decrementAndGet();
            return false;
        }
        boolean[] ok = {false};
        perAddress.compute(source, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= limits.maxConnectionsPerAddress()) {
                return n;
            }
            ok[0] = true;
            return count + 1;
        });
        if (!ok[0]) {
            accepted.decrementAndGet();
        }
        return ok[0];
    }

    /** Forgets an admitted connection. */
    void release(InetAddress source) {
        accepted.decrementAndGet();
        perAddress.computeIfPresent(source, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Accepted connections currently counted. */
    int acceptedCount() {
        return accepted.get();
    }

    StreamFlow get(Transport transport, InetSocketAddress remote) {
        StreamFlow f = flows.get(new Key(transport, remote));
        return f != null && f.isOpen() ? f : null;
    }

    void put(StreamFlow flow) {
        flows.put(flow.key(), flow);
    }

    void remove(StreamFlow flow) {
        flows.remove(flow.key(), flow);
    }

    int size() {
        return flows.size();
    }

    /** Open connections of one transport (a walk of the table: for metrics, not the hot path). */
    int count(Transport transport) {
        int n = 0;
        for (Key k : flows.keySet()) {
            if (k.transport() == transport) {
                n++;
            }
        }
        return n;
    }

    List<StreamFlow> all() {
        return new ArrayList<>(flows.values());
    }
}
