package io.tandem.dispatcher;

import static io.tandem.dispatcher.Requests.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.dispatcher.DispatcherConfig.MiddlewareSpec;
import io.tandem.dispatcher.DispatcherConfig.ProcessorSpec;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private static final MessageContext INVITE = context("INVITE", "sip:+15551234@example.com");
    private static final MessageContext MESSAGE = context("MESSAGE", "sip:bob@example.com");

    /** A processor answering {@code status} with its name as the reason. */
    static Processor answering(int status, String name) {
        return ctx -> CompletableFuture.completedFuture(Decision.respond(status, name));
    }

    static DispatcherConfig config(List<ProcessorSpec> processors, List<MiddlewareSpec> middlewares) {
        return new DispatcherConfig("test.yaml", "md", "v2beta1", null, processors, middlewares);
    }

    static DispatcherConfig config(ProcessorSpec... processors) {
        return config(List.of(processors), List.of());
    }

    static Decision.Respond run(Processor p, MessageContext ctx) {
        try {
            return (Decision.Respond) p.process(ctx).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void firstMatchWins() {
        Dispatcher d = Dispatcher.create(config(
                ProcessorSpec.of("im", List.of("MESSAGE"), "req => req.method === 'MESSAGE'"),
                ProcessorSpec.of("plus-one", List.of("INVITE"), "requestUriUser.startsWith('+1')"),
                ProcessorSpec.of("connect", List.of("INVITE", "MESSAGE", "BYE"), "req => true")),
            Map.of("im", answering(200, "im"), "plus-one", answering(200, "plus-one"), "connect", answering(200, "connect")));
        assertThat(run(d, MESSAGE).reason()).isEqualTo("im");
        assertThat(run(d, INVITE).reason()).isEqualTo("plus-one");
        assertThat(run(d, context("INVITE", "sip:+4420@example.com")).reason()).isEqualTo("connect");
        assertThat(run(d, context("BYE", "sip:x@example.com")).reason()).isEqualTo("connect");
    }

    @Test
    void methodsFilterBeforeMatchFunc() {
        Dispatcher d = Dispatcher.create(config(
                ProcessorSpec.of("registrar", List.of("REGISTER"), "true"),
                ProcessorSpec.of("calls", List.of("INVITE"), "true")),
            Map.of("registrar", answering(200, "registrar"), "calls", answering(200, "calls")));
        assertThat(run(d, INVITE).reason()).isEqualTo("calls");
    }

    @Test
    void noMatchIs405WithAllow() {
        Dispatcher d = Dispatcher.create(config(
                ProcessorSpec.of("a", List.of("INVITE", "ACK"), "source == '10.0.0.1'"),
                ProcessorSpec.of("b", List.of("BYE", "INVITE", "MESSAGE"), "false")),
            Map.of("a", answering(200, "a"), "b", answering(200, "b")));
        for (MessageContext ctx : List.of(INVITE, context("OPTIONS", "sip:x@example.com"))) {
            Decision.Respond r = run(d, ctx);
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.reason()).isEqualTo("Method Not Allowed");
            assertThat(r.headers()).containsExactly(new Header("Allow", "INVITE, ACK, BYE, MESSAGE"));
        }
        assertThat(d.unmatched()).isEqualTo(2);
    }

    @Test
    void failingMatchFuncSkipsTheEntryAndIsCounted() {
        Dispatcher d = Dispatcher.create(config(
                ProcessorSpec.of("tenant", List.of("INVITE"), "headers['x-tenant'] == 'acme'"),
                ProcessorSpec.of("fallback", List.of("INVITE"), "true")),
            Map.of("tenant", answering(200, "tenant"), "fallback", answering(200, "fallback")));
        assertThat(run(d, INVITE).reason()).isEqualTo("fallback");
        assertThat(run(d, context("INVITE", "sip:a@example.com", "X-Tenant: acme")).reason()).isEqualTo("tenant");
        assertThat(d.matchFailures()).isEqualTo(1);
    }

    @Test
    void processorFoundByAddr() {
        DispatcherConfig c = config(new ProcessorSpec("connect-processor", "connect:51904", List.of("INVITE"), MatchFunc.compile("true")));
        assertThat(run(Dispatcher.create(c, Map.of("connect:51904", answering(180, "by-addr"))), INVITE).reason()).isEqualTo("by-addr");
    }

    @Test
    void unknownProcessorIs503NamingIt() {
        Dispatcher d = Dispatcher.create(config(ProcessorSpec.of("ghost", List.of("INVITE"), "true")), Map.of());
        Decision.Respond r = run(d, INVITE);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.reason()).isEqualTo("Service Unavailable (processor ghost not configured)");
        assertThat(d.unavailable()).isEqualTo(1);
    }

    @Test
    void throwingProcessorIs503() {
        Processor p = ctx -> {
            throw new IllegalStateException("boom");
        };
        Decision.Respond r = run(Dispatcher.create(config(ProcessorSpec.of("bad", List.of("INVITE"), "true")), Map.of("bad", p)), INVITE);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.reason()).contains("processor bad threw");
    }

    @Test
    void failedOrEmptyStageIs503() {
        Processor failing = ctx -> CompletableFuture.failedFuture(new RuntimeException("down"));
        Processor nullStage = ctx -> null;
        Processor nullDecision = ctx -> CompletableFuture.completedFuture(null);
        CompletableFuture<Decision> later = new CompletableFuture<>();
        Processor failsLater = ctx -> later;
        Dispatcher d = Dispatcher.create(config(
                ProcessorSpec.of("failing", List.of("INVITE"), "requestUriUser == '1'"),
                ProcessorSpec.of("null-stage", List.of("INVITE"), "requestUriUser == '2'"),
                ProcessorSpec.of("null-decision", List.of("INVITE"), "requestUriUser == '3'"),
                ProcessorSpec.of("fails-later", List.of("INVITE"), "requestUriUser == '4'")),
            Map.of("failing", failing, "null-stage", nullStage, "null-decision", nullDecision, "fails-later", failsLater));
        assertThat(run(d, context("INVITE", "sip:1@example.com")).reason()).contains("processor failing failed");
        assertThat(run(d, context("INVITE", "sip:2@example.com")).reason()).contains("processor null-stage returned no stage");
        assertThat(run(d, context("INVITE", "sip:3@example.com")).reason()).contains("processor null-decision returned no decision");
        CompletableFuture<Decision> pending = d.process(context("INVITE", "sip:4@example.com")).toCompletableFuture();
        assertThat(pending).isNotDone();
        later.completeExceptionally(new RuntimeException("timeout"));
        assertThat(pending.join()).isEqualTo(Decision.respond(503, "Service Unavailable (processor fails-later failed)"));
    }

    @Test
    void concurrentRequests() throws Exception {
        Dispatcher d = Dispatcher.create(config(List.of(
                ProcessorSpec.of("even", List.of("INVITE"), "int(requestUriUser) % 2 == 0"),
                ProcessorSpec.of("odd", List.of("INVITE"), "true")),
                List.of(new MiddlewareSpec("tag", null, true))),
            Map.of("even", answering(200, "even"), "odd", answering(200, "odd")),
            Map.of("tag", new HeaderMiddleware("X-Tag", "1")));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        Decision.Respond r = run(d, context("INVITE", "sip:" + i + "@example.com"));
                        if (!r.reason().equals(i % 2 == 0 ? "even" : "odd") || r.headers().size() != 1) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var f : results) {
                assertThat(f.get()).isTrue();
            }
        }
        assertThat(d.matchFailures()).isZero();
    }

    @Test
    void asynchronousDecisionIsPassedOn() {
        CompletableFuture<Decision> later = new CompletableFuture<>();
        Dispatcher d = Dispatcher.create(config(ProcessorSpec.of("p", List.of("INVITE"), "true")), Map.of("p", ctx -> later));
        CompletableFuture<Decision> pending = d.process(INVITE).toCompletableFuture();
        later.complete(Decision.drop("spam"));
        assertThat(pending.join()).isEqualTo(Decision.drop("spam"));
    }
}
