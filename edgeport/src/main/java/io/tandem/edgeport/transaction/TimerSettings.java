package io.tandem.edgeport.transaction;

/**
 * The base timer values of RFC 3261 §17.1.1.1 and Table 4, and timer C of §16.6 step 11.
 * Timers A–M derive from them: B, F, H, J, L, M are 64·T1; D is 32 s over UDP (§17.1.1.2);
 * G doubles up to T2; I and K are T4 over UDP; all of D, I, J, K are 0 over reliable transports.
 *
 * <p>{@code lingerMillis}, when not 0, replaces the RFC values of the timers that only keep a
 * transaction that has its final response to absorb retransmissions: D, J, L and M. Kamailio's
 * {@code wt_timer} (5 s by default) is the same trade: less state kept (every UDP transaction
 * otherwise stays 32 s after its final response) against a shorter window in which a late
 * retransmission is still recognised (after it, it is handled as a new request).
 */
public record TimerSettings(long t1Millis, long t2Millis, long t4Millis, long timerCMillis, long lingerMillis) {
    public static final TimerSettings DEFAULT = new TimerSettings(500, 4000, 5000, 180_000);

    public TimerSettings {
        if (t1Millis <= 0 || t2Millis < t1Millis || t4Millis <= 0 || timerCMillis <= 0 || lingerMillis < 0) {
            throw new IllegalArgumentException("timers must be positive and T2 >= T1");
        }
    }

    /** With the RFC's timers D, J, L and M. */
    public TimerSettings(long t1Millis, long t2Millis, long t4Millis, long timerCMillis) {
        this(t1Millis, t2Millis, t4Millis, timerCMillis, 0);
    }

    /** 64·T1: timers B, F and H. */
    public long transactionTimeout() {
        return 64 * t1Millis;
    }

    /** Timers J (non-INVITE server, Completed), L and M (INVITE server and client, Accepted): 64·T1 or the linger. */
    public long linger() {
        return lingerMillis > 0 ? lingerMillis : transactionTimeout();
    }

    /** Timer D: at least 32 s for unreliable transports (or the linger), 0 for reliable (§17.1.1.2). */
    public long timerD(boolean reliable) {
        return reliable ? 0 : lingerMillis > 0 ? lingerMillis : Math.max(32_000, transactionTimeout());
    }
}
