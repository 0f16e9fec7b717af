package io.tandem.sip.validate;

import io.tandem.sip.SipParseException;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipResponse;
import java.util.List;

/**
 * Decides whether a proxy may process a response (RFC 3261 §16.7) or must discard it: a response
 * is never answered, so every problem means "drop", with the reason for the log and the metric.
 */
public final class ResponseValidator {
    private ResponseValidator() {
    }

    /** Why the response must be discarded, or null if it may be processed. */
    public static String discardReason(SipResponse r) {
        if (!r.version().equalsIgnoreCase("SIP/2.0")) {
            return "unsupported SIP-Version " + r.version();
        }
        for (String h : new String[] {"Via", "From", "To", "Call-ID", "CSeq"}) {
            if (!r.hasHeader(h)) {
                return "missing " + h;
            }
        }
        List<Via> vias;
        try {
            vias = r.vias();
            r.from();
            r.to();
            r.callId();
            r.cseq();
            r.contentLength();
            r.contacts();
            r.recordRoutes();
        } catch (SipParseException e) {
            return "malformed " + e.getMessage();
        }
        // §16.7 step 9 forwards to the next Via; never toward a broadcast or unspecified address
        // (RFC 4475 §3.3.10): that would turn the proxy into an amplifier.
        if (vias.size() > 1) {
            Via next = vias.get(1);
            String target = next.received() != null ? next.received() : next.host();
            if (isBroadcastOrUnspecified(target) || isBroadcastOrUnspecified(next.host())) {
                return "next Via " + next.sentBy() + " is a broadcast or unspecified address";
            }
        }
        return null;
    }

    private static boolean isBroadcastOrUnspecified(String host) {
        return host.equals("255.255.255.255") || host.equals("0.0.0.0") || host.equals("[::]");
    }
}
