package io.tandem.dispatcher;

import io.tandem.processor.ListeningPoint;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds requests and contexts for the tests. */
final class Requests {
    private Requests() {
    }

    static SipRequest request(String method, String uri, String... extraHeaders) {
        StringBuilder sb = new StringBuilder()
            .append(method).append(' ').append(uri).append(" SIP/2.0\r\n")
            .append("Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK-1\r\n")
            .append("Max-Forwards: 70\r\n")
            .append("f: <sip:alice@example.com>;tag=1\r\n")
            .append("To: <sip:bob@example.com>\r\n")
            .append("Call-ID: call-1\r\n")
            .append("CSeq: 1 ").append(method).append("\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return (SipRequest) SipParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static MessageContext context(String method, String uri, String... extraHeaders) {
        return context(request(method, uri, extraHeaders), Transport.UDP, "198.51.100.7", 5062);
    }

    static MessageContext context(SipRequest req, Transport transport, String host, int port) {
        ListeningPoint lp = new ListeningPoint(transport, "0.0.0.0", 5060, "192.0.2.1", 5060);
        return new MessageContext("edge-port-01", req, transport, host, port, lp, List.of(lp), List.of(), List.of());
    }
}
