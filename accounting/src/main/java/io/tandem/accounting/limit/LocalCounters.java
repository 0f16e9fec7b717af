package io.tandem.accounting.limit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counters in this node's memory: one atomic integer per key, lock-free. Rate keys of past seconds are pruned as they go. */
public final class LocalCounters implements CallCounters {
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Integer> acquire(List<Slot> slots) {
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            AtomicInteger n = counters.computeIfAbsent(s.key(), k -> new AtomicInteger());
            if (n.incrementAndGet() > s.max()) {
                n.decrementAndGet();
                for (int j = 0; j < i; j++) {
                    counters.get(slots.get(j).key()).decrementAndGet();
                }
                return CompletableFuture.completedFuture(i);
            }
            if (!s.held()) {
                prune(s.key());
            }
        }
        return CompletableFuture.completedFuture(-1);
    }

    @Override
    public void release(List<Slot> slots) {
        for (Slot s : slots) {
            if (s.held()) {
                AtomicInteger n = counters.get(s.key());
                if (n != null) {
                    n.decrementAndGet();
                }
            }
        }
    }

    /** The value of {@code key} (0 when never used). */
    public int value(String key) {
        AtomicInteger n = counters.get(key);
        return n == null ? 0 : n.get();
    }

    /** A rate key {@code cps:ref:second}: the counter of the second before the previous one is no longer needed. */
    private void prune(String key) {
        int colon = key.lastIndexOf(':');
        long second = Long.parseLong(key.substring(colon + 1));
        counters.remove(key.substring(0, colon + 1) + (second - 2));
    }
}
