package io.tandem.edgeport.transaction;

import java.util.PriorityQueue;

/**
 * A {@link TimerService} whose clock moves only when told to, for tests. Tasks run in order of
 * due time (then of scheduling) inside {@link #advance}, with the clock set to their due time;
 * tasks they schedule run in the same call if due by then. Not thread-safe.
 */
public final class ManualTimerService implements TimerService {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    public ManualTimerService() {
        this(0);
    }

    public ManualTimerService(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + Math.max(0, delayMillis), sequence++, task);
        queue.add(t);
        return t;
    }

    /** Moves the clock forward by {@code millis}, running every task that becomes due. */
    public void advance(long millis) {
        advanceTo(now + millis);
    }

    /** Moves the clock to {@code time} (not backwards), running every task due by then. */
    public void advanceTo(long time) {
        for (Task next = queue.peek(); next != null && next.due <= time; next = queue.peek()) {
            queue.poll();
            now = Math.max(now, next.due);
            next.task.run();
        }
        now = Math.max(now, time);
    }

    /** Runs the tasks due now (e.g. those scheduled with no delay). */
    public void runDue() {
        advance(0);
    }

    /** Scheduled tasks not yet run or cancelled. */
    public int pending() {
        return queue.size();
    }

    /** Due time of the next task, or -1 when none. */
    public long nextDue() {
        Task t = queue.peek();
        return t == null ? -1 : t.due;
    }

    private final class Task implements Timer, Comparable<Task> {
        final long due;
        final long seq;
        final Runnable task;

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            queue.remove(this);
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }
}
