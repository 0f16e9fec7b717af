package io.tandem.accounting.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.accounting.call.CallParties;
import io.tandem.accounting.call.DialogRecord;
import io.tandem.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two nodes' shared dialogs on a real Redis: written, kept while the owner lives, claimed once when it stops. */
class RedisDialogsTest {
    private static DialogRecord dialog(String callId) {
        return new DialogRecord(callId, "ft", "tt", "<sip:+14045559999@carrier>;tag=ft", "sip:+14045559999@carrier",
            "sip:+17066041487@pbx.test", "sip:+14045559999@127.0.0.2:5070", "<sip:+17066041487@pbx.test>;tag=tt",
            "sip:1001@127.0.0.1:5080", List.of("<sip:127.0.0.1:5060;lr;tdm=abc>"), "edge-1",
            new CallParties("trunk", "trunk-carrier", "agent", "agent-1001", "inbound", "dom-e2e", "+14045559999", "+17066041487"),
            1_000, 2_000, 3_000, 1, 0, null, List.of("trunk:trunk-carrier"));
    }

    @Test
    void aStoppedNodesDialogsAreClaimedOnceByASurvivorAndEndedOnesAreNot() throws Exception {
        try (RedisServer redis = RedisServer.start(); RedisLink link = new RedisLink(redis.uri());
             RedisDialogs a = new RedisDialogs(link, "node-a", 60_000); RedisDialogs b = new RedisDialogs(link, "node-b", 60_000);
             RedisDialogs c = new RedisDialogs(link, "node-c", 60_000)) {
            a.heartbeat();
            b.heartbeat();
            c.heartbeat();
            a.answered(dialog("call-1"));
            a.answered(dialog("call-2"));
            a.answered(dialog("call-3"));
            a.ended("call-3");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(members(link, "tandem:dialogs:node-a"))
                .containsExactlyInAnyOrder("call-1", "call-2"));
            assertThat(b.takeOver().toCompletableFuture().get(5, TimeUnit.SECONDS)).as("while A lives").isEmpty();

            a.leave().toCompletableFuture().get(5, TimeUnit.SECONDS);
            List<DialogRecord> claimed = b.takeOver().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(claimed).containsExactlyInAnyOrder(dialog("call-1"), dialog("call-2"));
            assertThat(c.takeOver().toCompletableFuture().get(5, TimeUnit.SECONDS)).as("claimed by B already").isEmpty();
            assertThat(members(link, "tandem:dialogs:node-b")).containsExactlyInAnyOrder("call-1", "call-2");
            assertThat(members(link, "tandem:nodes")).containsExactlyInAnyOrder("node-b", "node-c");

            b.ended("call-1");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(members(link, "tandem:dialogs:node-b")).containsExactly("call-2");
                assertThat(link.commands().toCompletableFuture().get().exists("tandem:dialog:call-1").get()).isZero();
            });
        }
    }

    private static List<String> members(RedisLink link, String key) throws Exception {
        return List.copyOf(link.commands().toCompletableFuture().get().smembers(key).get(5, TimeUnit.SECONDS));
    }
}
