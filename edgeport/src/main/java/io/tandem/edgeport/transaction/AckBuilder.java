package io.tandem.edgeport.transaction;

import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.nio.charset.StandardCharsets;

/** The hop-by-hop ACK a client transaction sends for a non-2xx final response (RFC 3261 §17.1.1.3). */
final class AckBuilder {
    private AckBuilder() {
    }

    /**
     * Request-URI, Call-ID, From and CSeq number of the INVITE with method ACK; To of the
     * response (with its tag); one Via, the INVITE's top one; the INVITE's Route headers;
     * Max-Forwards 70; no body. Values are copied as written.
     */
    static SipRequest forNon2xx(SipRequest invite, SipResponse response) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("ACK ").append(invite.requestUriText()).append(" SIP/2.0\r\n");
        line(sb, "Via", invite.topVia().toString());
        line(sb, "Max-Forwards", "70");
        for (String route : invite.headers("Route")) {
            line(sb, "Route", route);
        }
        line(sb, "From", invite.header("From"));
        line(sb, "To", response.header("To"));
        line(sb, "Call-ID", invite.header("Call-ID"));
        sb.append("CSeq: ").append(invite.cseq().sequence()).append(" ACK\r\n");
        line(sb, "Content-Length", "0");
        sb.append("\r\n");
        return (SipRequest) SipParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(value).append("\r\n");
    }
}
