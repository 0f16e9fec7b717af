package io.tandem.registration;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clock and the single thread a registration runs on: every task (timers and responses)
 * runs one at a time, so the state machines need no lock. Tests drive a manual one.
 */
public interface RegistrationTimers {
    long nowMillis();

    /** Runs {@code task} on the registration thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the registration thread after {@code delayMillis}. */
    Timer schedule(Runnable task, long delayMillis);

    /** A scheduled task that may still be cancelled. */
    @FunctionalInterface
    interface Timer {
        void cancel();
    }

    /** Timers on {@code executor}, which must have exactly one thread; the system clock. */
    static RegistrationTimers on(ScheduledExecutorService executor) {
        return new RegistrationTimers() {
            @Override
            public long nowMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }

            @Override
            public Timer schedule(Runnable task, long delayMillis) {
                var f = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }
        };
    }
}
