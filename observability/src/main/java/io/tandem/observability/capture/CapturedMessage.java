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
        return header("call-id", "i");
    }

    /** The first line: request line or status line. */
    public String firstLine() {
        int end = lineEnd(0);
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The CSeq header's value, or null. */
    public String cseq() {
        return header("cseq", null);
    }

    /** The value of the first header named {@code name} (or its compact form), from the header section only. */
    private String header(String name, String compact) {
        int i = next(lineEnd(0));
        while (i < bytes.length) {
            int end = lineEnd(i);
            if (end == i) {
                return null; // the empty line: the body begins
            }
            int colon = i;
            while (colon < end && bytes[colon] != ':') {
                colon++;
            }
            int nameEnd = colon;
            while (nameEnd > i && (bytes[nameEnd - 1] == ' ' || bytes[nameEnd - 1] == '\t')) {
                nameEnd--;
            }
            if (colon < end && (is(i, nameEnd, name) || compact != null && is(i, nameEnd, compact))) {
                return new String(bytes, colon + 1, end - colon - 1, StandardCharsets.UTF_8).strip();
            }
            i = next(end);
        }
        return null;
    }

    private boolean is(int from, int to, String name) {
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

    private int lineEnd(int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\r' && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    private int next(int lineEnd) {
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
