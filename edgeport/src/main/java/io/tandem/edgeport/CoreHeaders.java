package io.tandem.edgeport;

import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;

/** The headers every message needs before transaction matching (RFC 3261 §8.1.1, §17.1.3, §17.2.3). */
final class CoreHeaders {
    private CoreHeaders() {
    }

    /** What is missing or malformed, or null when Via, CSeq, Call-ID, From and To all parse. */
    static String problem(SipMessage m) {
        try {
            if (m.topVia() == null) {
                return "missing Via";
            }
            if (m.cseq() == null) {
                return "missing CSeq";
            }
            if (m.callId() == null) {
                return "missing Call-ID";
            }
            if (m.from() == null) {
                return "missing From";
            }
            if (m.to() == null) {
                return "missing To";
            }
            return null;
        } catch (SipParseException e) {
            return e.getMessage();
        }
    }
}
