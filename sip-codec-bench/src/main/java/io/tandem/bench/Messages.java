package io.tandem.bench;

import java.nio.charset.StandardCharsets;

/**
 * The three messages both parsers are measured on: realistic traffic of a proxy or registrar,
 * written with CRLF line ends and a Content-Length computed from the body.
 */
public final class Messages {
    private Messages() {
    }

    /** The names {@link #get} knows, as used by the benchmark's {@code message} parameter. */
    public static final String[] NAMES = {"invite", "register", "ok"};

    private static final String ALLOW = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, REFER, NOTIFY, INFO";

    /** An offer from a softphone: audio with four codecs plus RFC 4733 events. */
    private static final String OFFER_SDP = String.join("\r\n",
        "v=0",
        "o=alice 2890844526 2890844526 IN IP4 192.0.2.101",
        "s=-",
        "c=IN IP4 192.0.2.101",
        "t=0 0",
        "m=audio 49170 RTP/AVP 0 8 9 18 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:18 G729/8000",
        "a=fmtp:18 annexb=no",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16",
        "a=ptime:20",
        "a=sendrecv",
        "");

    /** The answer: PCMU and events. */
    private static final String ANSWER_SDP = String.join("\r\n",
        "v=0",
        "o=bob 2808844564 2808844564 IN IP4 192.0.2.4",
        "s=-",
        "c=IN IP4 192.0.2.4",
        "t=0 0",
        "m=audio 3456 RTP/AVP 0 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16",
        "a=ptime:20",
        "a=sendrecv",
        "");

    static final String INVITE = message(OFFER_SDP,
        "INVITE sip:bob@biloxi.example.com SIP/2.0",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
        "Max-Forwards: 70",
        "From: \"Alice Liddell\" <sip:alice@atlanta.example.com>;tag=1928301774",
        "To: Bob <sip:bob@biloxi.example.com>",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE",
        "Contact: <sip:alice@192.0.2.101:5060;transport=udp>",
        ALLOW,
        "Supported: replaces, timer, 100rel",
        "User-Agent: Linphone/5.2.5 (belle-sip/5.2.0)",
        "Content-Type: application/sdp");

    static final String REGISTER = message("",
        "REGISTER sip:registrar.biloxi.example.com SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bKnashds7;rport",
        "Max-Forwards: 70",
        "From: Bob <sip:bob@biloxi.example.com>;tag=a73kszlfl",
        "To: Bob <sip:bob@biloxi.example.com>",
        "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.44",
        "CSeq: 2 REGISTER",
        "Contact: <sip:bob@192.0.2.44:5060;transport=udp>;expires=3600",
        "Authorization: Digest username=\"bob\", realm=\"biloxi.example.com\","
            + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:registrar.biloxi.example.com\","
            + " response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, cnonce=\"0a4f113b\","
            + " qop=auth, nc=00000001",
        "Expires: 3600",
        ALLOW,
        "User-Agent: Linphone/5.2.5 (belle-sip/5.2.0)");

    static final String OK = message(ANSWER_SDP,
        "SIP/2.0 200 OK",
        "Via: SIP/2.0/UDP proxy.biloxi.example.com:5060;branch=z9hG4bK2d4790.1;received=192.0.2.3",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.101;rport=5060",
        "Record-Route: <sip:proxy.biloxi.example.com;lr>",
        "Record-Route: <sip:edge.atlanta.example.com;transport=udp;lr>",
        "From: \"Alice Liddell\" <sip:alice@atlanta.example.com>;tag=1928301774",
        "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE",
        "Contact: <sip:bob@192.0.2.4:5060;transport=udp>",
        ALLOW,
        "Supported: replaces, timer",
        "Server: Asterisk PBX 20.5.0",
        "Content-Type: application/sdp");

    /** Start line and headers, a Content-Length for the body, the empty line, the body. */
    private static String message(String body, String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        sb.append("\r\n").append(body);
        return sb.toString();
    }

    /** A fresh copy of the named message's bytes. */
    public static byte[] get(String name) {
        String text = switch (name) {
            case "invite" -> INVITE;
            case "register" -> REGISTER;
            case "ok" -> OK;
            default -> throw new IllegalArgumentException("unknown message " + name);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
