package io.tandem.observability.capture;

import io.tandem.edgeport.transport.MessageTap;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message tap of the EdgePort: hands each message to one capture thread, which gives it to
 * the consumers (the per-call flows) in order. The event loop only offers to a lock-free queue;
 * when {@code capacity} messages wait already (the consumers fall behind), the message is not
 * captured and counted as {@link #lost()}: capture never slows SIP.
 */
public final class CaptureQueue implements MessageTap, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureQueue.class);

    private final ConcurrentLinkedQueue<CapturedMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final List<Consumer<CapturedMessage>> consumers;
    private final LongAdder lost = new LongAdder();
    private final LongAdder captured = new LongAdder();
    private final Thread worker;
    /** How often a busy worker looks for messages: what a capture may lag behind SIP. */
    private static final long DRAIN_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long the worker sleeps once nothing came for a while (doubling from the above): no wake-ups at rest. */
    private static final long IDLE_DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(80);
    /** At most this many messages per batch. */
    private static final int MAX_BATCH = 256;
    private volatile boolean closed;

    public CaptureQueue(int capacity, List<Consumer<CapturedMessage>> consumers) {
        this.capacity = capacity;
        this.consumers = List.copyOf(consumers);
        this.worker = Thread.ofPlatform().name("tandem-capture").daemon().unstarted(this::drain);
        worker.start();
    }

    @Override
    public void message(Direction direction, Transport transport, InetSocketAddress local, InetSocketAddress remote, byte[] bytes,
                        long epochMicros) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            lost.increment();
            return;
        }
        // no wake-up per message (a futex call and a context switch each): the worker drains every few ms
        queue.offer(new CapturedMessage(direction, transport, local, remote, bytes, epochMicros));
    }

    /** Messages not captured because the queue was full. */
    public long lost() {
        return lost.sum();
    }

    /** Messages handed to the consumers. */
    public long captured() {
        return captured.sum();
    }

    private void drain() {
        int drained = 0; // messages consumed since the last end of batch
        long pause = DRAIN_EVERY_NANOS;
        while (!closed) {
            CapturedMessage m = queue.poll();
            if (m == null) {
                if (drained > 0) {
                    drained = endBatch(drained);
                    continue; // what came meanwhile is the next batch
                }
                LockSupport.parkNanos(pause);
                pause = Math.min(IDLE_DRAIN_NANOS, pause * 2);
                continue;
            }
            pause = DRAIN_EVERY_NANOS;
            for (Consumer<CapturedMessage> c : consumers) {
                try {
                    c.accept(m);
                } catch (RuntimeException e) {
                    LOG.warn("capture consumer failed", e);
                }
            }
            captured.increment();
            if (++drained == MAX_BATCH) {
                drained = endBatch(drained);
            }
        }
    }

    /** Ends the batch of {@code drained} messages; they leave the queue's count after it (flush() waits for them). */
    private int endBatch(int drained) {
        size.addAndGet(-drained);
        return 0;
    }

    /** Waits (at most {@code millis}) until every message offered so far was consumed: for tests and shutdown. */
    public boolean flush(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (size.get() > 0 && System.nanoTime() < end) {
            LockSupport.unpark(worker);
            LockSupport.parkNanos(1_000_000);
        }
        return size.get() == 0;
    }

    @Override
    public void close() {
        flush(1000);
        closed = true;
        LockSupport.unpark(worker);
    }
}
