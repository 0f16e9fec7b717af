package io.tandem.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonic counter: contention-free increments from any thread (a LongAdder). */
public final class Counter {
    private final LongAdder adder = new LongAdder();

    public void increment() {
        adder.increment();
    }

    public void add(long n) {
        adder.add(n);
    }

    public long value() {
        return adder.sum();
    }
}
