package io.tandem.edgeport.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wheel on a real event loop: order, lower bounds of delays, cancels, laps, foreign threads. */
class TimingWheelTest {
    final EventLoop loop = new DefaultEventLoop();
    final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> c) throws Exception {
        return loop.submit(c).get(5, TimeUnit.SECONDS);
    }

    @Test
    void firesEachTimerNoEarlierThanItsDelayAndInDeadlineOrder() throws Exception {
        TimingWheel wheel = new TimingWheel(loop, 2, 64);
        CountDownLatch done = new CountDownLatch(3);
        AtomicLong start = new AtomicLong();
        List<Long> late = new CopyOnWriteArrayList<>();
        onLoop(() -> {
            start.set(wheel.nowMillis());
            for (long delay : new long[] {60, 20, 40}) {
                wheel.schedule(() -> {
                    late.add(wheel.nowMillis() - start.get() - delay);
                    ran.add("t" + delay);
                    done.countDown();
                }, delay);
            }
            return wheel.size();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("t20", "t40", "t60");
        assertThat(late).allSatisfy(l -> assertThat(l).isGreaterThanOrEqualTo(0));
        assertThat(onLoop(wheel::size)).isZero();
    }

    @Test
    void aCancelledTimerNeverRunsAndLeavesTheWheel() throws Exception {
        TimingWheel wheel = new TimingWheel(loop, 1, 16);
        CountDownLatch later = new CountDownLatch(1);
        int left = onLoop(() -> {
            TimerService.Timer t = wheel.schedule(() -> ran.add("cancelled"), 10);
            wheel.schedule(later::countDown, 30);
            t.cancel();
            t.cancel(); // idempotent
            return wheel.size();
        });
        assertThat(left).isEqualTo(1);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isEmpty();
    }

    @Test
    void timersLongerThanOneRevolutionWaitForTheirLap() throws Exception {
        TimingWheel wheel = new TimingWheel(loop, 1, 8); // a revolution of 8 ms
        CountDownLatch done = new CountDownLatch(2);
        AtomicLong start = new AtomicLong();
        List<Long> waited = new CopyOnWriteArrayList<>();
        onLoop(() -> {
            start.set(wheel.nowMillis());
            wheel.schedule(() -> {
                waited.add(wheel.nowMillis() - start.get());
                done.countDown();
            }, 50);
            wheel.schedule(done::countDown, 3); // same slot as 50 ms (50 mod 8 = 2 or 3 ticks away)
            return null;
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(waited).singleElement().satisfies(w -> assertThat(w).isGreaterThanOrEqualTo(50));
    }

    @Test
    void timersDueInTheSameTickRunInTheOrderTheyWereScheduled() throws Exception {
        TimingWheel wheel = new TimingWheel(loop, 50, 16);
        CountDownLatch done = new CountDownLatch(1);
        onLoop(() -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                wheel.schedule(() -> ran.add("t" + n), 10);
            }
            wheel.schedule(done::countDown, 10);
            return null;
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("t0", "t1", "t2", "t3", "t4");
    }

    @Test
    void aTimerDueInTheSameTickMayBeCancelledByAnEarlierOne() throws Exception {
        TimingWheel wheel = new TimingWheel(loop, 50, 16);
        CountDownLatch done = new CountDownLatch(1);
        onLoop(() -> {
            TimerService.Timer[] second = new TimerService.Timer[1];
            wheel.schedule(() -> {
                ran.add("first");
                second[0].cancel();
            }, 1);
            second[0] = wheel.schedule(() -> ran.add("second"), 2);
            wheel.schedule(done::countDown, 120);
            return null;
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("first");
    }

    @Test
    void noDelayRunsAfterTheWorkInHandAndTasksMayScheduleMore() throws Exception {
        TimingWheel wheel = new TimingWheel(loop, 1, 16);
        CountDownLatch done = new CountDownLatch(1);
        onLoop(() -> {
            wheel.schedule(() -> {
                ran.add("zero");
                wheel.schedule(() -> {
                    ran.add("nested");
                    done.countDown();
                }, 5);
            }, 0);
            ran.add("caller");
            return null;
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("caller", "zero", "nested");
    }

    @Test
    void anotherThreadMayScheduleAndCancel() throws Exception {
        TimingWheel wheel = new TimingWheel(loop);
        CountDownLatch done = new CountDownLatch(1);
        TimerService.Timer never = wheel.schedule(() -> ran.add("never"), 20);
        wheel.schedule(done::countDown, 40);
        never.cancel();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isEmpty();
        TimerService.Timer onWheel = onLoop(() -> wheel.schedule(() -> ran.add("cancelled from outside"), 50));
        onWheel.cancel(); // handed to the loop
        assertThat(onLoop(wheel::size)).isZero();
    }

    @Test
    void aFailingTaskDoesNotStopTheWheel() throws Exception {
        TimingWheel wheel = new TimingWheel(loop, 1, 16);
        CountDownLatch done = new CountDownLatch(1);
        onLoop(() -> {
            wheel.schedule(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            }, 2);
            wheel.schedule(done::countDown, 4);
            return null;
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
