package io.tandem.accounting.call;

import java.util.List;

/**
 * What Tandem needs to send BYE into both legs of a dialog it proxies (RFC 3261 §12.2.1.1, §15):
 * each leg's remote target and route set (our own Record-Route entries taken out), the dialog's
 * From and To as each side wrote them, and a CSeq above what each side has seen.
 *
 * @param callerTarget the caller's Contact (Request-URI of the BYE toward the caller)
 * @param routeToCaller the 2xx's Record-Route entries after ours, in order
 * @param callerFrom the caller's From header value (with its tag)
 * @param calleeTarget the Contact of the 2xx
 * @param routeToCallee the 2xx's Record-Route entries before ours, reversed
 * @param calleeTo the To header value of the 2xx (with the callee's tag)
 * @param cseqToCallee the CSeq of the BYE toward the callee
 * @param cseqToCaller the CSeq of the BYE toward the caller
 */
public record Legs(String callId, String callerTarget, List<String> routeToCaller, String callerFrom, String calleeTarget,
                   List<String> routeToCallee, String calleeTo, long cseqToCallee, long cseqToCaller) {
    public Legs {
        routeToCaller = List.copyOf(routeToCaller);
        routeToCallee = List.copyOf(routeToCallee);
    }

    /** These legs but {@code dead}'s: a request goes to the other end only. */
    public Legs without(HangupSide dead) {
        return dead == HangupSide.CALLER
            ? new Legs(callId, null, routeToCaller, callerFrom, calleeTarget, routeToCallee, calleeTo, cseqToCallee, cseqToCaller)
            : new Legs(callId, callerTarget, routeToCaller, callerFrom, null, routeToCallee, calleeTo, cseqToCallee, cseqToCaller);
    }
}
