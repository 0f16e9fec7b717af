package io.tandem.edgeport.robust;

import io.tandem.sip.message.SipResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hand-written request: a start line and header lines kept as text, so that tests can break
 * any part of it. Content-Length is computed unless a test sets one itself.
 */
final class Req {
    private String startLine;
    private final List<String[]> headers = new ArrayList<>();
    private String body = "";
    final String method;
    final String branch = "z9hG4bK" + hex();
    final String callId = "robust-" + hex() + "@127.0.0.1";
    final String fromTag = hex().substring(0, 8);

    private Req(String method, String requestUri) {
        this.method = method;
        this.startLine = method + " " + requestUri + " SIP/2.0";
    }

    private static String hex() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** A well-formed request from a client at 127.0.0.1:{@code localPort} over {@code transport}. */
    static Req of(String method, String requestUri, String transport, int localPort) {
        Req r = new Req(method, requestUri);
        r.add("Via", "SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " 127.0.0.1:" + localPort + ";branch=" + r.branch + ";rport");
        r.add("Max-Forwards", "70");
        r.add("From", "<sip:alice@example.com>;tag=" + r.fromTag);
        r.add("To", "<sip:bob@example.com>");
        r.add("Call-ID", r.callId);
        r.add("CSeq", "1 " + method);
        if (method.equals("INVITE")) {
            r.add("Contact", "<sip:alice@127.0.0.1:" + localPort + ";transport=" + transport.toLowerCase(Locale.ROOT) + ">");
        }
        return r;
    }

    /** The ACK for a non-2xx final response to this INVITE (RFC 3261 §17.1.1.3): same branch, the response's To. */
    String ackFor(SipResponse response) {
        Req ack = new Req("ACK", startLine.split(" ")[1]);
        ack.add("Via", header("Via"));
        ack.add("Max-Forwards", "70");
        ack.add("From", header("From"));
        ack.add("To", response.header("To"));
        ack.add("Call-ID", header("Call-ID"));
        ack.add("CSeq", header("CSeq").split(" ")[0] + " ACK");
        return ack.text();
    }

    /** A CANCEL for this INVITE (§9.1): same Request-URI, Via, From, To, Call-ID and CSeq number. */
    String cancel() {
        Req c = new Req("CANCEL", startLine.split(" ")[1]);
        for (String n : List.of("Via", "Max-Forwards", "From", "To", "Call-ID")) {
            c.add(n, header(n));
        }
        c.add("CSeq", header("CSeq").split(" ")[0] + " CANCEL");
        return c.text();
    }

    /**
     * A response to {@code request} as a UAS would write it (RFC 3261 §8.2.6): every Via, From,
     * To with {@code toTag}, Call-ID and CSeq copied; tests then break what they want with {@link #set}.
     */
    static Req response(String statusLine, io.tandem.sip.message.SipRequest request, String toTag) {
        Req r = new Req("", "");
        r.startLine = statusLine;
        for (String v : request.headers("Via")) {
            r.add("Via", v);
        }
        r.add("From", request.header("From"));
        r.add("To", request.header("To") + (toTag == null ? "" : ";tag=" + toTag));
        r.add("Call-ID", request.header("Call-ID"));
        r.add("CSeq", request.header("CSeq"));
        return r;
    }

    Req startLine(String line) {
        startLine = line;
        return this;
    }

    Req add(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** Replaces every header of this name with one value (in the first one's place), or adds it. */
    Req set(String name, String value) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i)[0].equalsIgnoreCase(name)) {
                headers.get(i)[1] = value;
                final int keep = i;
                for (int j = headers.size() - 1; j > keep; j--) {
                    if (headers.get(j)[0].equalsIgnoreCase(name)) {
                        headers.remove(j);
                    }
                }
                return this;
            }
        }
        return add(name, value);
    }

    Req remove(String name) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
        return this;
    }

    Req body(String contentType, String text) {
        set("Content-Type", contentType);
        body = text;
        return this;
    }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    String text() {
        StringBuilder sb = new StringBuilder(512).append(startLine).append("\r\n");
        boolean hasLength = false;
        for (String[] h : headers) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
            hasLength |= h[0].equalsIgnoreCase("Content-Length") || h[0].equals("l");
        }
        if (!hasLength) {
            sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        return sb.append("\r\n").append(body).toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
