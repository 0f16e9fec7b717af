package io.tandem.edgeport.transaction;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Transaction timers of one Netty event loop in a hashed timing wheel: scheduling and cancelling
 * cost O(1) and one small object, where the loop's own scheduled-task queue (a binary heap) costs
 * O(log n) for each of the ~20 schedules and cancels of a call, with hundreds of thousands of
 * timers live (every UDP transaction keeps timer J, L or M for 64·T1 = 32 s; RFC 3261 §17,
 * RFC 6026). One revolution ({@code slots · tick}) covers 64·T1 with the defaults, so most slots
 * hold only timers that are due when visited; longer timers (C: 3 min) stay until their tick.
 *
 * <p>A timer fires between its delay and its delay plus one tick (8 ms by default; SIP's shortest
 * transaction timer, T1, is 500 ms). The wheel turns only while it holds timers: an idle loop is
 * not woken every tick. Single-threaded like the transactions it serves: a call from another
 * thread (a transport completing a send) goes through the loop's own scheduler.
 */
public final class TimingWheel implements TimerService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TimingWheel.class);

    private final EventLoop loop;
    private final long tickMillis;
    private final Entry[] slots;
    private final int mask;
    private final Runnable turn = this::turn;
    /** The last tick processed. */
    private long tick;
    private int size;
    private boolean turning;

    /** A wheel of 4,096 slots of 8 ms (a revolution of 32.8 s) on {@code loop}. */
    public TimingWheel(EventLoop loop) {
        this(loop, 8, 4096);
    }

    /** {@code slots} must be a power of two. */
    public TimingWheel(EventLoop loop, long tickMillis, int slots) {
        if (Integer.bitCount(slots) != 1 || tickMillis < 1) {
            throw new IllegalArgumentException("slots must be a power of two and the tick at least 1 ms");
        }
        this.loop = loop;
        this.tickMillis = tickMillis;
        this.slots = new Entry[slots];
        this.mask = slots - 1;
    }

    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /** Timers waiting to fire. */
    public int size() {
        return size;
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        if (!loop.inEventLoop()) {
            ScheduledFuture<?> f = loop.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }
        Entry e = new Entry(this, task);
        if (delayMillis <= 0) { // after the work in hand, not inside it
            e.state = Entry.DUE;
            loop.execute(e);
            return e;
        }
        long now = nowMillis();
        if (!turning) {
            tick = now / tickMillis;
            turning = true;
            loop.schedule(turn, tickMillis, TimeUnit.MILLISECONDS);
        }
        // the first tick that ends at or after now + delay, and never the one being processed
        e.deadline = Math.max((now + delayMillis + tickMillis - 1) / tickMillis, tick + 1);
        link(e, (int) (e.deadline & mask));
        size++;
        return e;
    }

    /** Processes every tick up to now, then re-arms itself while timers remain. */
    private void turn() {
        long target = nowMillis() / tickMillis;
        if (target - tick > slots.length) { // the loop stalled longer than a revolution: each slot once
            tick = target - slots.length;
        }
        while (tick < target) {
            tick++;
            fire(collectDue((int) (tick & mask)));
        }
        if (size > 0) {
            loop.schedule(turn, tickMillis, TimeUnit.MILLISECONDS);
        } else {
            turning = false;
        }
    }

    /**
     * Unlinks the slot's entries that are due and returns them as a list through {@code next}, in
     * the order they were scheduled: a slot lists the newest first, each due entry goes in front.
     */
    private Entry collectDue(int slot) {
        Entry due = null;
        Entry e = slots[slot];
        while (e != null) {
            Entry next = e.next;
            if (e.deadline <= tick) {
                unlink(e, slot);
                size--;
                e.state = Entry.DUE;
                e.next = due;
                due = e;
            }
            e = next;
        }
        return due;
    }

    /** Runs the due entries in order; one may cancel another that is still to run. */
    private static void fire(Entry e) {
        while (e != null) {
            Entry next = e.next;
            e.next = null;
            e.run();
            e = next;
        }
    }

    private void link(Entry e, int slot) {
        Entry head = slots[slot];
        e.next = head;
        if (head != null) {
            head.prev = e;
        }
        slots[slot] = e;
    }

    private void unlink(Entry e, int slot) {
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            slots[slot] = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
    }

    /** One timer: in a slot's doubly-linked list until due, then run once unless cancelled. */
    private static final class Entry implements Timer, Runnable {
        static final int WAITING = 0;
        static final int DUE = 1;
        static final int DONE = 2;

        final TimingWheel wheel;
        Runnable task;
        long deadline;
        int state;
        Entry prev;
        Entry next;

        Entry(TimingWheel wheel, Runnable task) {
            this.wheel = wheel;
            this.task = task;
        }

        @Override
        public void run() {
            if (state != DUE) {
                return;
            }
            state = DONE;
            Runnable t = task;
            task = null;
            try {
                t.run();
            } catch (RuntimeException | Error err) {
                LOG.error("a transaction timer task failed", err);
            }
        }

        /** On the loop (from another thread the cancel is handed to it). */
        @Override
        public void cancel() {
            if (!wheel.loop.inEventLoop()) {
                wheel.loop.execute(this::cancel);
                return;
            }
            if (state == WAITING) {
                wheel.unlink(this, (int) (deadline & wheel.mask));
                wheel.size--;
            }
            state = DONE;
            task = null;
        }
    }
}
