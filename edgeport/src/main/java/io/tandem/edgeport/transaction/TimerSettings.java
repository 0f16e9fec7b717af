package io.tandem.edgeport.transaction;

/**
 * The base timer values of RFC 3261 §17.1.1.1 and Table 4, and timer C of §16.6 step 11.
 * Timers A–M derive from them: B, F, H, J, L, M are 64·T1; D is 32 s over UDP (§17.1.1.2);
 * G doubles up to T2; I and K are T4 over UDP; all of D, I, J, K are 0 over reliable transports.
 */
public record TimerSettings(long t1Millis, long t2Millis, long t4Millis, long timerCMillis) {
    public static final TimerSettings DEFAULT = new TimerSettings(500, 4000, 5000, 180_000);

    public TimerSettings {
        if (t1Millis <= 0 || t2Millis < t1Millis || t4Millis <= 0 || timerCMillis <= 0) {
            throw new IllegalArgumentException("timers must be positive and T2 >= T1");
        }
    }

    /** 64·T1: timers B, F, H, J, L and M. */
    public long transactionTimeout() {
        return 64 * t1Millis;
    }

    /** Timer D: at least 32 s for unreliable transports, 0 for reliable (§17.1.1.2). */
    public long timerD(boolean reliable) {
        return reliable ? 0 : Math.max(32_000, transactionTimeout());
    }
}
