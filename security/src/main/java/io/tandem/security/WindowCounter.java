package io.tandem.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per key in a sliding window of time (pike's sampling window, without the edge a fixed
 * window has: a burst that straddles two windows is counted whole). The count is estimated from
 * two fixed windows, the current one and the one before, the latter weighted by how much of it the
 * sliding window still covers. One {@link AtomicLong} per key holds the current window's number
 * (low 24 bits, high part), the previous window's count and the current one (20 bits each, they
 * saturate at 1,048,575), updated by CAS: counting is lock-free and allocates only for a key seen
 * for the first time. At most {@code maxKeys} keys are held (spoofed sources must not fill the
 * heap): past that, a new key counts as one event.
 */
final class WindowCounter<K> {
    private static final long COUNT = (1L << 20) - 1;
    private static final long WINDOW = (1L << 24) - 1;

    private final long windowMillis;
    private final int maxKeys;
    private final Map<K, AtomicLong> counts = new ConcurrentHashMap<>();

    WindowCounter(long windowMillis, int maxKeys) {
        if (windowMillis < 1) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
    }

    /** Counts one event for {@code key} at {@code nowMillis}; returns the count of the sliding window ending now, this one included. */
    int add(K key, long nowMillis) {
        AtomicLong slot = counts.get(key);
        if (slot == null) {
            if (counts.size() >= maxKeys) {
                return 1;
            }
            slot = counts.computeIfAbsent(key, k -> new AtomicLong());
        }
        long window = (nowMillis / windowMillis) & WINDOW;
        while (true) {
            long v = slot.get();
            long next = advance(v, window);
            long current = next & COUNT;
            next = current < COUNT ? next + 1 : next;
            if (slot.compareAndSet(v, next)) {
                return estimate(next, nowMillis);
            }
        }
    }

    /** The count of the sliding window ending now, without counting. */
    int count(K key, long nowMillis) {
        AtomicLong slot = counts.get(key);
        return slot == null ? 0 : estimate(advance(slot.get(), (nowMillis / windowMillis) & WINDOW), nowMillis);
    }

    /** Forgets the keys with no event in the current window or the one before. */
    void sweep(long nowMillis) {
        long window = (nowMillis / windowMillis) & WINDOW;
        counts.values().removeIf(slot -> {
            long v = advance(slot.get(), window);
            return (v & COUNT) == 0 && (v >>> 20 & COUNT) == 0;
        });
    }

    int size() {
        return counts.size();
    }

    /** The slot's value moved to {@code window}: unchanged, shifted by one window, or emptied. */
    private static long advance(long v, long window) {
        long held = v >>> 40;
        if (held == window) {
            return v;
        }
        long previous = held == ((window - 1) & WINDOW) ? v & COUNT : 0;
        return window << 40 | previous << 20;
    }

    private int estimate(long v, long nowMillis) {
        long current = v & COUNT;
        long previous = v >>> 20 & COUNT;
        long left = windowMillis - nowMillis % windowMillis; // of the previous window, still in the sliding one
        return (int) (current + (previous * left + windowMillis / 2) / windowMillis); // rounded
    }
}
