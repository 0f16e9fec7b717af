package io.tandem.registration;

/**
 * How long a failed registration waits before the next attempt: {@code initialMillis} after the
 * first failure, doubling up to {@code maxMillis}, each delay cut by up to {@code jitter} (0..1)
 * at random, so that trunks that failed together do not all retry in the same instant.
 */
public record Backoff(long initialMillis, long maxMillis, double jitter) {
    /** 5 s, 10 s, 20 s ... 5 min, each up to 20 % shorter. */
    public static final Backoff DEFAULT = new Backoff(5_000, 300_000, 0.2);

    public Backoff {
        if (initialMillis <= 0 || maxMillis < initialMillis || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max and 0 <= jitter < 1");
        }
    }

    /**
     * The delay after {@code failures} (1 or more) consecutive failures.
     *
     * @param random a number in [0, 1)
     */
    public long delayMillis(int failures, double random) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        long base = Math.min(maxMillis, initialMillis << doublings);
        return Math.max(1, Math.round(base * (1 - jitter * random)));
    }
}
