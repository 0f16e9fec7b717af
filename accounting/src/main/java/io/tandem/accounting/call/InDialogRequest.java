package io.tandem.accounting.call;

import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A request Tandem sends inside a dialog it proxies, as one of its ends would (RFC 3261 §12.2.1.1):
 * the remote target as Request-URI, the leg's route set as Route headers, the dialog's From and To
 * seen from the sending side, the CSeq given. Our Via is added by the user agent client.
 */
final class InDialogRequest {
    private InDialogRequest() {
    }

    /** {@code reason}, when not null, goes into a Reason header (RFC 3326) with cause 408. */
    static SipRequest of(String method, String target, List<String> route, String from, String to, String callId, long cseq,
                         String reason) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(method).append(' ').append(target).append(" SIP/2.0\r\n");
        sb.append("Max-Forwards: 70\r\n");
        for (String r : route) {
            sb.append("Route: ").append(r).append("\r\n");
        }
        sb.append("From: ").append(from).append("\r\n");
        sb.append("To: ").append(to).append("\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        if (reason != null) {
            sb.append("Reason: SIP;cause=408;text=\"").append(reason.replace("\"", "")).append("\"\r\n");
        }
        sb.append("User-Agent: Tandem\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return (SipRequest) SipParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
