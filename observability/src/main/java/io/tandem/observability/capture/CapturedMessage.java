package io.tandem.observability.capture;

import io.tandem.edgeport.transport.MessageTap;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One SIP message as the transport read or wrote it. {@code local} may be null (unknown) or the
 * wildcard address (a UDP listener bound to 0.0.0.0). The bytes are not copied: nobody writes them.
 */
public record CapturedMessage(MessageTap.Direction direction, Transport transport, InetSocketAddress local,
                              InetSocketAddress remote, byte[] bytes, long epochMicros) {
    /** The source: the peer for what came in, us for what went out. */
    public InetSocketAddress source() {
        return direction == MessageTap.Direction.IN ? remote : local;
    }

    public InetSocketAddress destination() {
        return direction == MessageTap.Direction.IN ? local : remote;
    }

    /** The Call-ID header's value (compact form {@code i} too), or null when there is none. */
    public String callId() {
        long span = callIdSpan();
        return span < 0 ? null : new String(bytes, (int) (span >>> 32), (int) span, StandardCharsets.UTF_8);
    }

    /**
     * Where the Call-ID's value is in {@link #bytes()}, without copying it: offset (high 32 bits)
     * and length (low 32 bits), or -1 when there is none.
     */
    public long callIdSpan() {
        return callIdSpan(bytes);
    }

    /** As {@link #callIdSpan()}, in the raw bytes of a message (no parse: {@link CallIdSpan}). */
    public static long callIdSpan(byte[] bytes) {
        return CallIdSpan.of(bytes);
    }

    /** The first line: request line or status line. */
    public String firstLine() {
        int end = lineEnd(bytes, 0);
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The CSeq header's value, or null. */
    public String cseq() {
        long span = headerSpan(bytes, "cseq");
        return span < 0 ? null : new String(bytes, (int) (span >>> 32), (int) span, StandardCharsets.UTF_8);
    }

    /** The span of the value (stripped) of the first header named {@code name}, from the header section only. */
    private static long headerSpan(byte[] bytes, String name) {
        int i = next(bytes, lineEnd(bytes, 0));
        while (i < bytes.length) {
            int end = lineEnd(bytes, i);
            if (end == i) {
                return -1; // the empty line: the body begins
            }
            int colon = i;
            while (colon < end && bytes[colon] != ':') {
                colon++;
            }
            int nameEnd = colon;
            while (nameEnd > i && (bytes[nameEnd - 1] == ' ' || bytes[nameEnd - 1] == '\t')) {
                nameEnd--;
            }
            if (colon < end && is(bytes, i, nameEnd, name)) {
                int from = colon + 1;
                int to = end;
                while (from < to && bytes[from] <= ' ') {
                    from++;
                }
                while (to > from && bytes[to - 1] <= ' ') {
                    to--;
                }
                return (long) from << 32 | (to - from);
            }
            i = next(bytes, end);
        }
        return -1;
    }

    private static boolean is(byte[] bytes, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (Character.toLowerCase((char) bytes[from + k]) != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\r' && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int next(byte[] bytes, int lineEnd) {
        int i = lineEnd;
        if (i < bytes.length && bytes[i] == '\r') {
            i++;
        }
        if (i < bytes.length && bytes[i] == '\n') {
            i++;
        }
        return i;
    }
}
