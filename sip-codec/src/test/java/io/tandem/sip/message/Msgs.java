package io.tandem.sip.message;

import java.nio.charset.StandardCharsets;

/** Test helpers: messages written line by line. */
final class Msgs {
    private Msgs() {
    }

    /** The lines joined with CRLF, each line terminated (the last one too). */
    static String crlf(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        return sb.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static SipMessage parse(String s) {
        return SipParser.parse(bytes(s));
    }

    static SipRequest request(String s) {
        return (SipRequest) parse(s);
    }

    static SipResponse response(String s) {
        return (SipResponse) parse(s);
    }

    /** RFC 3665 §3.1 F1 style INVITE with a 4-byte body. */
    static final String INVITE = crlf(
        "INVITE sip:bob@biloxi.example.com SIP/2.0",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8",
        "Max-Forwards: 70",
        "To: Bob <sip:bob@biloxi.example.com>",
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE",
        "Contact: <sip:alice@pc33.atlanta.example.com>",
        "Content-Type: application/sdp",
        "Content-Length: 4",
        "") + "v=0\n";
}
