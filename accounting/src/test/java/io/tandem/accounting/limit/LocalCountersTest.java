package io.tandem.accounting.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalCountersTest {
    private final LocalCounters counters = new LocalCounters();

    private int acquire(List<Slot> slots) {
        return counters.acquire(slots).toCompletableFuture().join();
    }

    @Test
    void allSlotsOrNone() {
        List<Slot> call = List.of(Slot.concurrent("agent", "a1", 10), Slot.concurrent("trunk", "t1", 2));
        assertThat(acquire(call)).isEqualTo(-1);
        assertThat(acquire(call)).isEqualTo(-1);
        assertThat(acquire(call)).as("the trunk is full").isEqualTo(1);
        assertThat(counters.value("agent:a1")).as("nothing taken by a refused call").isEqualTo(2);
        counters.release(call);
        assertThat(acquire(call)).isEqualTo(-1);
        assertThat(counters.value("trunk:t1")).isEqualTo(2);
    }

    @Test
    void callsPerSecondCountPerSecondAndAreNotGivenBack() {
        for (int i = 0; i < 3; i++) {
            assertThat(acquire(List.of(Slot.perSecond("t1", 3, 100)))).isEqualTo(-1);
        }
        List<Slot> fourth = List.of(Slot.perSecond("t1", 3, 100));
        assertThat(acquire(fourth)).isZero();
        counters.release(fourth);
        assertThat(acquire(List.of(Slot.perSecond("t1", 3, 100)))).isZero();
        assertThat(acquire(List.of(Slot.perSecond("t1", 3, 101)))).isEqualTo(-1);
        assertThat(acquire(List.of(Slot.perSecond("t1", 3, 102)))).isEqualTo(-1);
        assertThat(counters.value("cps:t1:100")).as("pruned two seconds later").isZero();
    }
}
