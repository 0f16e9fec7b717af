package io.tandem.accounting.call;

/**
 * A call attempt that ended, as its CDR is made from it. Times are epoch milliseconds;
 * {@code answerMillis} is 0 when no 2xx went upstream.
 *
 * @param caller the From URI as received
 * @param callee the Request-URI as received
 * @param status the final status upstream (200 for an answered call, 0 when there was none)
 * @param recording the file the media relay records the call to, as it named it; null when not recorded
 */
public record EndedCall(String callId, String fromTag, String toTag, String caller, String callee, String edgePortRef,
                        CallParties parties, long startMillis, long answerMillis, long endMillis, int status, String reason,
                        Disposition disposition, HangupSide hangup, String recording) {
    public EndedCall {
        parties = parties == null ? CallParties.UNKNOWN : parties;
    }

    /** A call that was not recorded. */
    public EndedCall(String callId, String fromTag, String toTag, String caller, String callee, String edgePortRef,
                     CallParties parties, long startMillis, long answerMillis, long endMillis, int status, String reason,
                     Disposition disposition, HangupSide hangup) {
        this(callId, fromTag, toTag, caller, callee, edgePortRef, parties, startMillis, answerMillis, endMillis, status, reason,
            disposition, hangup, null);
    }

    /** From the answer to the end; 0 when not answered. */
    public long durationMillis() {
        return answerMillis == 0 ? 0 : Math.max(0, endMillis - answerMillis);
    }
}
