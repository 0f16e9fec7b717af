package io.tandem.registration;

import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;

/**
 * A REGISTER as RFC 3261 §10.2 builds it: the Request-URI names the registrar's domain (no user
 * part), To and From the AOR (From with our tag), one Call-ID for every registration of the trunk
 * (§10.2.4) and a CSeq that grows by one each time, Expires for the whole request. Our Via and the
 * Contact are added once the flow is known (the Contact must name the listening point used).
 */
final class RegisterRequest {
    private RegisterRequest() {
    }

    /** @param authorization {@code Authorization: ...} or {@code Proxy-Authorization: ...}, or null */
    static SipRequest of(RegistrationPlan.Registrar registrar, String callId, String fromTag, long cseq, long expires,
                         String authorization) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("REGISTER ").append(registrar.requestUri()).append(" SIP/2.0\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <").append(registrar.aor()).append(">;tag=").append(fromTag).append("\r\n");
        sb.append("To: <").append(registrar.aor()).append(">\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(" REGISTER\r\n");
        sb.append("Expires: ").append(expires).append("\r\n");
        if (authorization != null) {
            sb.append(authorization).append("\r\n");
        }
        sb.append("User-Agent: Tandem\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return (SipRequest) SipParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
