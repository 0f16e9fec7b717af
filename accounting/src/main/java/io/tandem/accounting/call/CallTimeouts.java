package io.tandem.accounting.call;

/**
 * When Tandem gives up on a call (0 turns a timeout off).
 *
 * @param noAckMillis from the 2xx to its ACK (RFC 3261 Timer H is 32 s for the UAS; default 32 s)
 * @param earlyMillis from the INVITE to its answer (default 180 s, past Timer C's 3 minutes)
 * @param maxDurationMillis the dialog's lifetime from the answer, counted again from each re-INVITE or UPDATE
 *     (default 4 h)
 * @param sweepMillis how often the timeouts are checked (default 1 s): their resolution
 * @param keepAliveMillis how often a confirmed call's ends get an in-dialog OPTIONS (0, the default: never)
 */
public record CallTimeouts(long noAckMillis, long earlyMillis, long maxDurationMillis, long sweepMillis, long keepAliveMillis) {
    public static final CallTimeouts DEFAULT = new CallTimeouts(32_000, 190_000, 4 * 3_600_000L, 1_000, 0);

    public CallTimeouts {
        if (noAckMillis < 0 || earlyMillis < 0 || maxDurationMillis < 0 || sweepMillis <= 0 || keepAliveMillis < 0) {
            throw new IllegalArgumentException("timeouts are >= 0 and the sweep > 0");
        }
    }

    /** Without keep-alives. */
    public CallTimeouts(long noAckMillis, long earlyMillis, long maxDurationMillis, long sweepMillis) {
        this(noAckMillis, earlyMillis, maxDurationMillis, sweepMillis, 0);
    }
}
