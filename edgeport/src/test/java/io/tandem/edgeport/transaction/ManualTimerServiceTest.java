package io.tandem.edgeport.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimerServiceTest {
    final ManualTimerService clock = new ManualTimerService(1000);
    final List<String> ran = new ArrayList<>();

    @Test
    void runsDueTasksInOrderAtTheirTimeAndSkipsCancelledOnes() {
        clock.schedule(() -> ran.add("b@" + clock.nowMillis()), 200);
        clock.schedule(() -> ran.add("a@" + clock.nowMillis()), 100);
        clock.schedule(() -> ran.add("a2@" + clock.nowMillis()), 100);
        TimerService.Timer c = clock.schedule(() -> ran.add("c"), 150);
        c.cancel();
        c.cancel();
        assertThat(clock.pending()).isEqualTo(3);
        assertThat(clock.nextDue()).isEqualTo(1100);
        clock.advance(150);
        assertThat(ran).containsExactly("a@1100", "a2@1100");
        assertThat(clock.nowMillis()).isEqualTo(1150);
        clock.advance(1000);
        assertThat(ran).containsExactly("a@1100", "a2@1100", "b@1200");
        assertThat(clock.nowMillis()).isEqualTo(2150);
        assertThat(clock.nextDue()).isEqualTo(-1);
    }

    @Test
    void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
        clock.schedule(() -> clock.schedule(() -> ran.add("inner@" + clock.nowMillis()), 50), 10);
        clock.schedule(() -> ran.add("zero@" + clock.nowMillis()), 0);
        clock.runDue();
        assertThat(ran).containsExactly("zero@1000");
        clock.advance(100);
        assertThat(ran).containsExactly("zero@1000", "inner@1060");
    }
}
