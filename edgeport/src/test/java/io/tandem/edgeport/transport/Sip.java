package io.tandem.edgeport.transport;

import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/** SIP text for tests. */
final class Sip {
    private Sip() {
    }

    /** A MESSAGE request with a body; {@code viaParams} such as ";rport". */
    static String request(String transport, String sentBy, String callId, String body, String viaParams) {
        return "MESSAGE sip:bob@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/" + transport + " " + sentBy + ";branch=z9hG4bK" + callId + viaParams + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:alice@example.com>;tag=a1\r\n"
            + "To: <sip:bob@example.com>\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: 1 MESSAGE\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
            + "\r\n" + body;
    }

    static String request(String transport, String callId) {
        return request(transport, "client.example.com:5070", callId, "hello " + callId, "");
    }

    /** A 200 OK for {@link #request}. */
    static String response(String transport, String callId) {
        return "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/" + transport + " client.example.com:5070;branch=z9hG4bK" + callId + "\r\n"
            + "From: <sip:alice@example.com>;tag=a1\r\n"
            + "To: <sip:bob@example.com>;tag=b1\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: 1 MESSAGE\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";
    }

    static SipMessage parse(String text) {
        return SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b, int len) {
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    /** True if the host has a usable IPv6 loopback. */
    static boolean hasIpv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            InetAddress a = InetAddress.getByName("::1");
            if (!(a instanceof Inet6Address)) {
                return false;
            }
            s.bind(new InetSocketAddress(a, 0));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
