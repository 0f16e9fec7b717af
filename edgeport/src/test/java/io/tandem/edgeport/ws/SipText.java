package io.tandem.edgeport.ws;

import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Hand-written SIP messages: a start line, header lines, an exact Content-Length and a body. */
final class SipText {
    private SipText() {
    }

    static String message(String startLine, List<String> headers, String body) {
        StringBuilder sb = new StringBuilder(512).append(startLine).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        sb.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body);
        return sb.toString();
    }

    static SipMessage parse(String text) {
        return SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A minimal SDP offer, so the INVITE looks like a real one. */
    static String sdp(String sessionId) {
        return String.join("\r\n",
            "v=0",
            "o=alice " + sessionId + " 1 IN IP4 127.0.0.1",
            "s=-",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "");
    }
}
