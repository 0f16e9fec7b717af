package io.tandem.registration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Registration timers on a clock the test moves: tasks run only in {@link #advance} and {@link #drain}. */
final class ManualTimers implements RegistrationTimers {
    private record Task(long due, long seq, Runnable run) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now = 1_000_000;
    private long seq;

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(new Task(now, seq++, task));
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + delayMillis, seq++, task);
        tasks.add(t);
        return () -> tasks.remove(t);
    }

    /** Runs what is due now, including what those tasks queue for now. */
    void drain() {
        advance(0);
    }

    /** Moves the clock by {@code millis}, running every task that falls due on the way, in order. */
    void advance(long millis) {
        long end = now + millis;
        while (true) {
            Task next = tasks.stream().filter(t -> t.due() <= end)
                .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due());
            next.run().run();
        }
        now = end;
    }
}
