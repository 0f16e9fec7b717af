package io.tandem.accounting.call;

/** How a call attempt ended, as a CDR tells it. */
public enum Disposition {
    /** A 2xx went upstream; the call ended by BYE (either side) or Tandem's maximum duration. */
    ANSWERED,
    /** 486 Busy Here or 600 Busy Everywhere. */
    BUSY,
    /**
     * 408 or 480: nobody answered (a callee that is not there, Timer C before a provisional); or a
     * 487 the caller did not ask for: Tandem's Timer C cancelled a ringing branch (RFC 3261 §16.8).
     */
    NO_ANSWER,
    /** The caller sent CANCEL before an answer. */
    CANCELLED,
    /** Any other final response, or none (the Processor dropped it, a transport error). */
    FAILED,
    /** Tandem ended it: no ACK after the 2xx, or no answer within the early timeout. */
    TIMED_OUT;

    /** The disposition of a final non-2xx {@code status}, given whether the caller had cancelled. */
    public static Disposition ofFailure(int status, boolean cancelled) {
        if (status == 487) {
            return cancelled ? CANCELLED : NO_ANSWER;
        }
        return switch (status) {
            case 486, 600 -> BUSY;
            case 408, 480 -> NO_ANSWER;
            default -> FAILED;
        };
    }
}
