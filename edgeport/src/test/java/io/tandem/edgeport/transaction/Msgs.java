package io.tandem.edgeport.transaction;

import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.nio.charset.StandardCharsets;

/** Test messages. Incoming requests come from a UAC at client.example.com; outgoing ones carry our Via on top. */
final class Msgs {
    static final TimerSettings T = TimerSettings.DEFAULT; // T1 500, T2 4000, T4 5000

    private Msgs() {
    }

    static SipRequest request(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        sb.append("\r\n");
        return (SipRequest) SipParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A request from the UAC: {@code method} with top Via branch {@code branch} (null: no branch). */
    static SipRequest incoming(String method, String branch, long cseq, String toTag) {
        return incoming(method, "client.example.com:5060", branch, cseq, toTag);
    }

    static SipRequest incoming(String method, String sentBy, String branch, long cseq, String toTag) {
        return request(
            method + " sip:bob@example.com SIP/2.0",
            "Via: SIP/2.0/UDP " + sentBy + (branch == null ? "" : ";branch=" + branch),
            "Max-Forwards: 70",
            "From: Alice <sip:alice@example.com>;tag=fa1",
            "To: Bob <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag),
            "Call-ID: call-1@client.example.com",
            "CSeq: " + cseq + " " + method,
            "Timestamp: 54",
            "Content-Length: 0");
    }

    /** A request we forward: our Via on top with {@code branch}, two Route headers. */
    static SipRequest outgoing(String method, String branch) {
        return request(
            method + " sip:bob@192.0.2.20:5080;transport=udp SIP/2.0",
            "Via: SIP/2.0/UDP proxy.example.com:5060;branch=" + branch,
            "Via: SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK-c1;received=192.0.2.10",
            "Route: <sip:edge1.example.com;lr>",
            "Route: <sip:edge2.example.com;lr>, <sip:edge3.example.com;lr>",
            "Max-Forwards: 69",
            "From: \"Alice\" <sip:alice@example.com>;tag=fa1",
            "To: Bob <sip:bob@example.com>",
            "Call-ID: call-1@client.example.com",
            "CSeq: 7 " + method,
            "Contact: <sip:alice@client.example.com>",
            "Content-Length: 0");
    }

    /** A response to {@code request}, with a To tag unless {@code toTag} is null. */
    static SipResponse response(SipRequest request, int status, String toTag) {
        SipResponse r = SipResponse.forRequest(request, status, "Reason");
        return toTag == null ? r : r.edit().toTag(toTag).build();
    }
}
