package io.tandem.accounting.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.RedisServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two EdgePorts' counters on one Redis enforce one limit. */
class RedisCountersTest {
    @Test
    void twoNodesShareOneLimit() throws Exception {
        try (RedisServer redis = RedisServer.start(); RedisCounters a = new RedisCounters(redis.uri(), 60);
             RedisCounters b = new RedisCounters(redis.uri(), 60)) {
            List<Slot> call = List.of(Slot.concurrent("agent", "a1", 10), Slot.concurrent("trunk", "t1", 5));
            for (int i = 0; i < 5; i++) {
                assertThat((i % 2 == 0 ? a : b).acquire(call).toCompletableFuture().join()).isEqualTo(-1);
            }
            assertThat(a.acquire(call).toCompletableFuture().join()).as("the sixth, on either node").isEqualTo(1);
            assertThat(b.acquire(call).toCompletableFuture().join()).isEqualTo(1);
            a.release(call);
            Thread.sleep(100);
            assertThat(b.acquire(call).toCompletableFuture().join()).isEqualTo(-1);
            assertThat(a.acquire(List.of(Slot.concurrent("agent", "a1", 5))).toCompletableFuture().join())
                .as("the agent's count held the refused calls back").isEqualTo(0);
        }
    }
}
