package io.tandem.edgeport.transport;

import io.tandem.processor.Transport;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the transport layer, cheap to bump from any event loop; read them at any time. */
public final class TransportStats {
    private final LongAdder[] in = adders();
    private final LongAdder[] out = adders();
    private final LongAdder parseErrors = new LongAdder();
    private final LongAdder oversize = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder refusedBySource = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder handshakeTimeouts = new LongAdder();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Transport.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** Messages read and parsed. */
    public long messagesIn(Transport t) {
        return in[t.ordinal()].sum();
    }

    /** Messages written successfully. */
    public long messagesOut(Transport t) {
        return out[t.ordinal()].sum();
    }

    /** Datagrams, frames and framed stream messages that did not parse, and streams that could not be framed. */
    public long parseErrors() {
        return parseErrors.sum();
    }

    /** Datagrams dropped and connections closed for exceeding the maximum message size. */
    public long oversize() {
        return oversize.sum();
    }

    /** Connections closed on accept because of the connection limits. */
    public long refusedConnections() {
        return refused.sum();
    }

    /** Connections accepted (inbound) within the limits. */
    public long acceptedConnections() {
        return accepted.sum();
    }

    void messageIn(Transport t) {
        in[t.ordinal()].increment();
    }

    void messageOut(Transport t) {
        out[t.ordinal()].increment();
    }

    void parseError() {
        parseErrors.increment();
    }

    void oversized() {
        oversize.increment();
    }

    /** Connections and datagrams a source filter of the door refused. */
    public long refusedBySource() {
        return refusedBySource.sum();
    }

    void sourceRefused() {
        refusedBySource.increment();
    }

    void refusedConnection() {
        refused.increment();
    }

    void acceptedConnection() {
        accepted.increment();
    }

    /** TLS/WSS connections closed because their handshake did not complete within {@code limits.tlsHandshakeTimeout}. */
    public long tlsHandshakeTimeouts() {
        return handshakeTimeouts.sum();
    }

    void tlsHandshakeTimedOut() {
        handshakeTimeouts.increment();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TransportStats[");
        for (Transport t : Transport.values()) {
            sb.append(t).append(" in=").append(messagesIn(t)).append(" out=").append(messagesOut(t)).append(", ");
        }
        return sb.append("parseErrors=").append(parseErrors()).append(", oversize=").append(oversize())
            .append(", accepted=").append(acceptedConnections()).append(", refused=").append(refusedConnections()).append(']').toString();
    }
}
