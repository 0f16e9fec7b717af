package io.tandem.edgeport.log;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Warnings about bad input, at most {@code burst} per {@code windowMillis}; what is left out is
 * counted and reported in one line when the next window opens. An attack therefore costs a few
 * log lines a second, never a flood (the metrics still count every event).
 */
public final class RateLimitedLog {
    private final Logger log;
    private final int burst;
    private final long windowMillis;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, int burst, long windowMillis) {
        this.log = log;
        this.burst = burst;
        this.windowMillis = windowMillis;
    }

    /** Ten warnings per ten seconds. */
    public static RateLimitedLog of(Logger log) {
        return new RateLimitedLog(log, 10, 10_000);
    }

    public void warn(String format, Object... args) {
        if (!log.isWarnEnabled()) {
            return;
        }
        long now = System.currentTimeMillis();
        long start = windowStart.get();
        if (now - start >= windowMillis && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
            long dropped = suppressed.getAndSet(0);
            if (dropped > 0) {
                log.warn("{} similar warnings were suppressed in the last {} s", dropped, (now - start) / 1000);
            }
        }
        if (inWindow.incrementAndGet() <= burst) {
            log.warn(format, args);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
