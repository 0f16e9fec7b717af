package io.tandem.observability;

import io.tandem.edgeport.transport.MessageTap;
import io.tandem.observability.capture.CapturedMessage;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** SIP messages for the tests. */
final class Messages {
    static final InetSocketAddress CALLER = new InetSocketAddress("127.0.0.1", 5070);
    static final InetSocketAddress TANDEM = new InetSocketAddress("127.0.0.1", 5060);
    static final InetSocketAddress CALLEE = new InetSocketAddress("127.0.0.1", 5080);

    private Messages() {
    }

    static String request(String method, String callId, String branch, int cseq) {
        return method + " sip:bob@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:alice@example.com>;tag=a1\r\n"
            + "To: <sip:bob@example.com>\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + cseq + " " + method + "\r\n"
            + "Content-Length: 0\r\n\r\n";
    }

    static String response(int status, String reason, String method, String callId, String branch, int cseq) {
        return "SIP/2.0 " + status + " " + reason + "\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + ";rport\r\n"
            + "From: <sip:alice@example.com>;tag=a1\r\n"
            + "To: <sip:bob@example.com>;tag=b1\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + cseq + " " + method + "\r\n"
            + "Content-Length: 0\r\n\r\n";
    }

    static SipRequest sipRequest(String text) {
        return (SipRequest) SipParser.parseDatagram(bytes(text), 0, bytes(text).length);
    }

    static SipResponse sipResponse(String text) {
        return (SipResponse) SipParser.parseDatagram(bytes(text), 0, bytes(text).length);
    }

    static MessageContext context(SipRequest r) {
        ListeningPoint lp = new ListeningPoint(Transport.UDP, "127.0.0.1", 5060, "127.0.0.1", 5060);
        return new MessageContext("edge-test", r, Transport.UDP, "127.0.0.1", 5070, lp, List.of(lp), List.of(), List.of());
    }

    static CapturedMessage captured(MessageTap.Direction d, InetSocketAddress peer, String text, long micros) {
        return new CapturedMessage(d, Transport.UDP, TANDEM, peer, bytes(text), micros);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
