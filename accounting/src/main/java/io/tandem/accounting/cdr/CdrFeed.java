package io.tandem.accounting.cdr;

import io.tandem.edgeport.log.RateLimitedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * One outlet's backlog and the thread that empties it: CDRs wait here (at most {@code capacity};
 * beyond that they are dropped, counted and logged) while the outlet is down, and the batch that
 * failed is written again, with a growing pause, until it goes through. Nothing is taken off the
 * backlog before the outlet has stored it, so an outage loses nothing that fits.
 */
final class CdrFeed implements AutoCloseable {
    private static final RateLimitedLog LOG = RateLimitedLog.of(LoggerFactory.getLogger(CdrFeed.class));
    private static final int BATCH = 200;
    private static final long MIN_PAUSE_MS = 100;
    private static final long MAX_PAUSE_MS = 5_000;
    /**
     * Writes are at least this far apart unless a whole batch waits: a busy node writes ~100 CDRs
     * per transaction instead of one each, and the thread sleeps instead of waking for every CDR.
     */
    private static final long WRITE_EVERY_MS = 100;

    private final CdrOutlet outlet;
    private final LinkedBlockingDeque<Cdr> backlog;
    private final Thread thread;
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean running = true;
    private volatile boolean down;
    private volatile long lastWriteMicros;

    CdrFeed(CdrOutlet outlet, int capacity) {
        this.outlet = outlet;
        this.backlog = new LinkedBlockingDeque<>(capacity);
        this.thread = Thread.ofPlatform().name("cdr-" + outlet.name()).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues one CDR; never blocks. */
    void offer(Cdr cdr) {
        if (!backlog.offerLast(cdr)) {
            dropped.increment();
            LOG.warn("CDR {} dropped: the {} backlog is full ({} waiting{})", cdr.id(), outlet.name(), backlog.size(),
                down ? ", the " + outlet.name() + " is down" : "");
        }
    }

    String name() {
        return outlet.name();
    }

    long written() {
        return written.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    long failures() {
        return failures.sum();
    }

    int buffered() {
        return backlog.size();
    }

    boolean down() {
        return down;
    }

    /** How long the last successful write took (its whole batch), in microseconds. */
    long lastWriteMicros() {
        return lastWriteMicros;
    }

    private void run() {
        List<Cdr> batch = new ArrayList<>(BATCH);
        long pause = MIN_PAUSE_MS;
        long lastWrite = 0;
        while (running || !backlog.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    long wait = lastWrite + WRITE_EVERY_MS - System.currentTimeMillis();
                    if (wait > 0 && running && backlog.size() < BATCH) {
                        Thread.sleep(wait);
                    }
                    Cdr first = backlog.pollFirst(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    for (Cdr c : backlog) { // peeked, not taken: taken once written
                        if (batch.size() == BATCH) {
                            break;
                        }
                        batch.add(c);
                    }
                }
                lastWrite = System.currentTimeMillis();
                long t0 = System.nanoTime();
                outlet.write(batch);
                lastWriteMicros = (System.nanoTime() - t0) / 1_000;
                for (int i = 1; i < batch.size(); i++) {
                    backlog.pollFirst();
                }
                written.add(batch.size());
                batch.clear();
                if (down) {
                    down = false;
                    LOG.warn("the CDR {} is back; {} CDRs still waiting", outlet.name(), backlog.size());
                }
                pause = MIN_PAUSE_MS;
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Exception e) {
                failures.increment();
                down = true;
                LOG.warn("the CDR {} failed ({}); {} CDRs kept, retrying in {} ms", outlet.name(), e.toString(),
                    backlog.size() + 1, pause);
                if (!running) {
                    return; // stopping: what is left is lost, and was counted as waiting
                }
                sleep(pause);
                pause = Math.min(MAX_PAUSE_MS, pause * 2);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the backlog drain for up to {@code graceMillis}, then stops the thread and closes the outlet. */
    void stop(long graceMillis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (!backlog.isEmpty() && !down && System.nanoTime() < end) {
            sleep(20);
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(Math.max(1, graceMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!backlog.isEmpty()) {
            LOG.warn("stopping with {} CDRs not written to the {}", backlog.size(), outlet.name());
        }
        outlet.close();
    }

    @Override
    public void close() {
        stop(0);
    }
}
