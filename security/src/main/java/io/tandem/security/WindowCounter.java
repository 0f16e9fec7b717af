package io.tandem.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per key in fixed windows of time (pike's sampling window): one {@link AtomicLong} per
 * key holds the window's number (high half) and its count (low half), updated by CAS, so counting
 * is lock-free and allocates only for a key seen for the first time. At most {@code maxKeys} keys
 * are held (spoofed sources must not fill the heap): past that, a new key counts as one event.
 */
final class WindowCounter<K> {
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

    /** Counts one event for {@code key} at {@code nowMillis}; returns the count of the current window, this one included. */
    int add(K key, long nowMillis) {
        AtomicLong slot = counts.get(key);
        if (slot == null) {
            if (counts.size() >= maxKeys) {
                return 1;
            }
            slot = counts.computeIfAbsent(key, k -> new AtomicLong());
        }
        long window = nowMillis / windowMillis;
        while (true) {
            long v = slot.get();
            long next = (v >>> 32) == window ? (v & 0xffff_ffffL) == 0xffff_ffffL ? v : v + 1 : window << 32 | 1;
            if (slot.compareAndSet(v, next)) {
                return (int) Math.min(Integer.MAX_VALUE, next & 0xffff_ffffL);
            }
        }
    }

    /** The count of the current window, without counting. */
    int count(K key, long nowMillis) {
        AtomicLong slot = counts.get(key);
        long v = slot == null ? 0 : slot.get();
        return (v >>> 32) == nowMillis / windowMillis ? (int) Math.min(Integer.MAX_VALUE, v & 0xffff_ffffL) : 0;
    }

    /** Forgets the keys whose last event is in an earlier window. */
    void sweep(long nowMillis) {
        long window = nowMillis / windowMillis;
        counts.values().removeIf(slot -> (slot.get() >>> 32) < window);
    }

    int size() {
        return counts.size();
    }
}
