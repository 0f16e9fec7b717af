package io.tandem.edgeport.transport;

import io.tandem.processor.Transport;
import java.net.InetSocketAddress;

/**
 * Sees the bytes of every SIP message the transports read or write (retransmissions, and what
 * the door or the parser turns away, included), for capture (HEP, per-call flows). Called on the
 * event loop that reads or writes: an implementation must return at once (hand the bytes to
 * another thread) and must not modify them. {@link #NONE}, the default, costs one comparison.
 */
public interface MessageTap {
    MessageTap NONE = (direction, transport, local, remote, bytes, epochMicros) -> {
    };

    enum Direction { IN, OUT }

    /**
     * @param local our socket's address (the wildcard address when a UDP listener is bound to it)
     * @param remote the peer's observed address
     * @param epochMicros when, in microseconds since the epoch
     */
    void message(Direction direction, Transport transport, InetSocketAddress local, InetSocketAddress remote, byte[] bytes,
                 long epochMicros);

    /** Microseconds since the epoch, without allocating (the wall clock at start plus the monotonic clock since). */
    static long nowMicros() {
        return Clock.BASE_MICROS + (System.nanoTime() - Clock.BASE_NANOS) / 1_000;
    }

    /** The base of {@link #nowMicros()}. */
    final class Clock {
        static final long BASE_NANOS = System.nanoTime();
        static final long BASE_MICROS = System.currentTimeMillis() * 1_000;

        private Clock() {
        }
    }
}
