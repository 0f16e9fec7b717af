package io.tandem.edgeport.transaction;

/**
 * A clock and a scheduler for transaction timers (RFC 3261 §17). In the server it is the event
 * loop that owns the transaction (no thread per timer); in tests a manual clock advanced by hand.
 * Tasks run on the owning thread, never concurrently with other work of the same transactions.
 */
public interface TimerService {
    /** Monotonic milliseconds. */
    long nowMillis();

    /** Runs {@code task} after {@code delayMillis}; the handle cancels it. */
    Timer schedule(Runnable task, long delayMillis);

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task if it has not run; idempotent. */
        void cancel();
    }
}
