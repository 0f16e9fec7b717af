package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.ClientTransaction;
import io.tandem.edgeport.transaction.ClientTransactionListener;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.nio.charset.StandardCharsets;

/** CANCEL requests for the branches a proxy gives up on (RFC 3261 §9.1). */
final class Cancels {
    /** Responses to our CANCELs change nothing: the INVITE's own final response settles the branch. */
    static final ClientTransactionListener IGNORE = new ClientTransactionListener() {
        @Override
        public void onResponse(ClientTransaction tx, SipResponse response) {
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
        }
    };

    private Cancels() {
    }

    /**
     * §9.1: same Request-URI, Call-ID, To, From and CSeq number as the INVITE, method CANCEL,
     * only the INVITE's top Via (same branch), and its Route headers.
     */
    static SipRequest forInvite(SipRequest invite) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("CANCEL ").append(invite.requestUriText()).append(" SIP/2.0\r\n");
        sb.append("Via: ").append(invite.topVia()).append("\r\n");
        for (String route : invite.headers("Route")) {
            sb.append("Route: ").append(route).append("\r\n");
        }
        sb.append("From: ").append(invite.header("From")).append("\r\n");
        sb.append("To: ").append(invite.header("To")).append("\r\n");
        sb.append("Call-ID: ").append(invite.callId()).append("\r\n");
        sb.append("CSeq: ").append(invite.cseq().sequence()).append(" CANCEL\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return (SipRequest) SipParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
