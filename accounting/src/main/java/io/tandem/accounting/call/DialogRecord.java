package io.tandem.accounting.call;

import java.util.List;

/**
 * An answered call as another node needs it to end the call when the node that has it dies
 * (README, "Calls and CDRs", shared dialogs): both legs' routing (each side's From/To, Contact,
 * the 2xx's Record-Route, the CSeq each side has seen), the times and parties its CDR needs, and
 * the counter keys of the limit shares it holds. Written to Redis when the call is answered (and
 * again at each re-INVITE or UPDATE), removed when it ends.
 *
 * @param recordRoute the 2xx's Record-Route values, in order (ours, of any node, carry {@code ;tdm=})
 * @param heldSlots the keys of the concurrent-call counters the call holds a share of
 */
public record DialogRecord(String callId, String fromTag, String toTag, String callerFrom, String caller, String callee,
                           String callerContact, String calleeTo, String calleeContact, List<String> recordRoute,
                           String edgePortRef, CallParties parties, long startMillis, long answerMillis, long lastActivityMillis,
                           long cseqToCallee, long cseqToCaller, String recording, List<String> heldSlots) {
    public DialogRecord {
        recordRoute = recordRoute == null ? List.of() : List.copyOf(recordRoute);
        heldSlots = heldSlots == null ? List.of() : List.copyOf(heldSlots);
        parties = parties == null ? CallParties.UNKNOWN : parties;
    }
}
