package io.tandem.edgeport.transaction;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Transaction timers on the Netty event loop that owns the transactions: no thread per timer. */
public final class EventLoopTimerService implements TimerService {
    private final EventLoop loop;

    public EventLoopTimerService(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }
}
