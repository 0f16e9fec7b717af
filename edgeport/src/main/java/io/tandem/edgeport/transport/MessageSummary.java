package io.tandem.edgeport.transport;

import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/** One-line descriptions of messages for debug logs: "INVITE sip:bob@x", "180 Ringing (INVITE)". */
final class MessageSummary {
    private MessageSummary() {
    }

    static String of(SipMessage m) {
        if (m instanceof SipRequest r) {
            return r.method() + " " + r.requestUriText();
        }
        SipResponse r = (SipResponse) m;
        String cseq = r.header("CSeq");
        return r.status() + " " + r.reason() + " (" + (cseq == null ? "?" : cseq) + ")";
    }

    static String callId(SipMessage m) {
        try {
            return "call-id " + m.callId();
        } catch (SipParseException e) {
            return "call-id malformed";
        }
    }
}
