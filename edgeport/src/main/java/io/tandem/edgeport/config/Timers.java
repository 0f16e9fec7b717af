package io.tandem.edgeport.config;

import io.tandem.edgeport.transaction.TimerSettings;

/**
 * Tandem extension {@code spec.timers}: the base timers of RFC 3261 §17.1.1.1 (Table 4), in
 * milliseconds, the proxy's timer C (§16.6 step 11: more than 3 minutes; lower it only when
 * branches must give up sooner) and {@code linger}: how long a UDP transaction that has its final
 * response is kept to absorb retransmissions (timers D, J, L, M; 0, the default, keeps the RFC's
 * 64·T1 = 32 s; Kamailio's equivalent, {@code wt_timer}, is 5 s). Defaults: T1 500, T2 4000,
 * T4 5000, timer C 180000, linger 0.
 */
public record Timers(long t1, long t2, long t4, long timerC, long linger) {
    public static final Timers DEFAULT = new Timers(500, 4000, 5000);

    public Timers {
        if (t1 <= 0 || t4 <= 0 || t2 < t1 || timerC <= 0 || linger < 0) {
            throw new IllegalArgumentException("timers must be positive and t2 >= t1");
        }
    }

    /** The base timers with timer C at its default of 3 minutes and the RFC's linger. */
    public Timers(long t1, long t2, long t4) {
        this(t1, t2, t4, TimerSettings.DEFAULT.timerCMillis(), 0);
    }

    /** The base timers and timer C, with the RFC's linger. */
    public Timers(long t1, long t2, long t4, long timerC) {
        this(t1, t2, t4, timerC, 0);
    }

    /** As the transaction layer's settings. */
    public TimerSettings toSettings() {
        return new TimerSettings(t1, t2, t4, timerC, linger);
    }
}
