package io.tandem.dispatcher;

import static io.tandem.dispatcher.DispatcherTest.answering;
import static io.tandem.dispatcher.DispatcherTest.config;
import static io.tandem.dispatcher.DispatcherTest.run;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MiddlewareTest {
    private static final MessageContext INVITE = context("INVITE", "sip:bob@example.com");
    private static final List<ProcessorSpec> ALL = List.of(ProcessorSpec.of("p", List.of("INVITE", "BYE"), "true"));

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger processed = new AtomicInteger();
    private final Processor processor = ctx -> {
        processed.incrementAndGet();
        calls.add("processor from " + ctx.sourceHost());
        return CompletableFuture.completedFuture(Decision.respond(200, "OK"));
    };

    /** Records its calls; before() rewrites the source host so the next step can see who ran. */
    private Middleware recording(String name) {
        return new Middleware() {
            @Override
            public CompletionStage<MessageContext> before(MessageContext c) {
                calls.add(name + ".before");
                return CompletableFuture.completedFuture(new MessageContext(c.edgePortRef(), c.request(), c.transport(),
                    name, c.sourcePort(), c.listeningPoint(), c.listeningPoints(), c.externalAddrs(), c.localnets()));
            }

            @Override
            public CompletionStage<Decision> after(MessageContext c, Decision d) {
                calls.add(name + ".after(" + c.sourceHost() + ")");
                return CompletableFuture.completedFuture(d);
            }
        };
    }

    @Test
    void aMiddlewareThatAnswersBreaksTheChain() {
        Middleware refusing = new Middleware() {
            @Override
            public CompletionStage<MessageContext> before(MessageContext c) {
                calls.add("refusing.before");
                return CompletableFuture.failedFuture(new Middleware.Answer(Decision.respond(403, "Forbidden")));
            }
        };
        Dispatcher d = Dispatcher.create(config(ALL, List.of(
                new MiddlewareSpec("a", null, true), new MiddlewareSpec("refusing", null, false), new MiddlewareSpec("c", null, false))),
            Map.of("p", processor), Map.of("a", recording("a"), "refusing", refusing, "c", recording("c")));
        Decision.Respond r = run(d, INVITE);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.reason()).isEqualTo("Forbidden");
        // neither the next middleware nor the processor saw it; no after() either (Routr breaks the chain)
        assertThat(calls).containsExactly("a.before", "refusing.before");
        assertThat(processed).hasValue(0);
        assertThat(d.unavailable()).isZero();
    }

    @Test
    void beforeInOrderAfterInReverse() {
        Dispatcher d = Dispatcher.create(config(ALL, List.of(
                new MiddlewareSpec("a", null, true), new MiddlewareSpec("b", null, false), new MiddlewareSpec("c", "c:1", true))),
            Map.of("p", processor), Map.of("a", recording("a"), "b", recording("b"), "c:1", recording("c")));
        assertThat(run(d, INVITE).status()).isEqualTo(200);
        // after() sees the context its own before() was handed; b is not a postProcessor
        assertThat(calls).containsExactly("a.before", "b.before", "c.before", "processor from c",
            "c.after(b)", "a.after(198.51.100.7)");
    }

    @Test
    void afterSeesAndChangesTheDispatchersOwnAnswers() {
        Dispatcher d = Dispatcher.create(config(ALL, List.of(new MiddlewareSpec("tag", null, true))),
            Map.of(), Map.of("tag", new HeaderMiddleware("X-Dispatcher", "md")));
        Decision.Respond r503 = run(d, INVITE);
        assertThat(r503.status()).isEqualTo(503);
        assertThat(r503.headers()).containsExactly(new Header("X-Dispatcher", "md"));
        Decision.Respond r405 = run(d, context("OPTIONS", "sip:x@example.com"));
        assertThat(r405.headers()).containsExactly(new Header("Allow", "INVITE, BYE"), new Header("X-Dispatcher", "md"));
    }

    @Test
    void failingBeforeIs503AndStopsTheChain() {
        Middleware throwing = new Middleware() {
            @Override
            public CompletionStage<MessageContext> before(MessageContext c) {
                throw new IllegalStateException("boom");
            }
        };
        Middleware failing = new Middleware() {
            @Override
            public CompletionStage<MessageContext> before(MessageContext c) {
                return CompletableFuture.failedFuture(new RuntimeException("down"));
            }
        };
        for (Middleware bad : List.of(throwing, failing)) {
            calls.clear();
            Dispatcher d = Dispatcher.create(config(ALL, List.of(new MiddlewareSpec("a", null, true), new MiddlewareSpec("auth", null, true))),
                Map.of("p", processor), Map.of("a", recording("a"), "auth", bad));
            Decision.Respond r = run(d, INVITE);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.reason()).startsWith("Service Unavailable (middleware auth before ");
            assertThat(calls).containsExactly("a.before");
        }
        assertThat(processed).hasValue(0);
    }

    @Test
    void failingAfterIs503() {
        Middleware badAfter = new Middleware() {
            @Override
            public CompletionStage<Decision> after(MessageContext c, Decision d) {
                return null;
            }
        };
        Dispatcher d = Dispatcher.create(config(ALL, List.of(new MiddlewareSpec("a", null, true), new MiddlewareSpec("bad", null, true))),
            Map.of("p", processor), Map.of("a", recording("a"), "bad", badAfter));
        assertThat(run(d, INVITE).reason()).isEqualTo("Service Unavailable (middleware bad after returned no stage)");
        assertThat(calls).containsExactly("a.before", "processor from a"); // a.after is skipped
        assertThat(d.unavailable()).isEqualTo(1);
    }

    @Test
    void unknownMiddlewareIs503NamingIt() {
        Dispatcher d = Dispatcher.create(config(ALL, List.of(new MiddlewareSpec("ghost", "ghost:9", false))), Map.of("p", processor));
        assertThat(run(d, INVITE)).isEqualTo(Decision.respond(503, "Service Unavailable (middleware ghost not configured)"));
        assertThat(processed).hasValue(0);
    }

    @Test
    void headerMiddlewareAddsToForwardsAndLeavesDrops() {
        HeaderMiddleware m = new HeaderMiddleware("X-A", "1");
        Decision.Forward f = (Decision.Forward) m.after(INVITE, Decision.forward(
            io.tandem.processor.Target.of(io.tandem.sip.uri.SipUri.of("bob", "192.0.2.5")))).toCompletableFuture().join();
        assertThat(f.headers()).containsExactly(new Header("X-A", "1"));
        assertThat(m.after(INVITE, Decision.drop("x")).toCompletableFuture().join()).isEqualTo(Decision.drop("x"));
    }

    /** Stamps each relayed response with its name (a media anchor would rewrite the SDP here). */
    private Middleware stamping(String name, boolean sees, boolean fails) {
        return new Middleware() {
            @Override
            public boolean seesResponses() {
                return sees;
            }

            @Override
            public CompletionStage<io.tandem.sip.message.SipResponse> relaying(MessageContext request,
                                                                              io.tandem.sip.message.SipResponse r) {
                calls.add(name + ".relaying " + r.status());
                if (fails) {
                    return CompletableFuture.failedFuture(new IllegalStateException("rtpengine down"));
                }
                return CompletableFuture.completedFuture(r.edit().add("X-Mw", name).build());
            }
        };
    }

    @Test
    void responsesGoThroughTheMiddlewaresThatSeeThemInReverseOrder() {
        Dispatcher d = Dispatcher.create(config(ALL, List.of(
                new MiddlewareSpec("a", null, false), new MiddlewareSpec("b", null, false), new MiddlewareSpec("c", null, false))),
            Map.of("p", processor), Map.of("a", stamping("a", true, false), "b", stamping("b", false, false),
                "c", stamping("c", true, false)));
        assertThat(d.seesResponses()).isTrue();
        var ok = io.tandem.sip.message.SipResponse.forRequest(INVITE.request(), 200, "OK");
        var out = d.relaying(INVITE, ok).toCompletableFuture().join();
        assertThat(calls).containsExactly("c.relaying 200", "a.relaying 200"); // b does not see responses
        assertThat(out.headers("X-Mw")).containsExactly("c", "a");
    }

    @Test
    void aMiddlewareThatFailsOnAResponsePassesItOnUnchanged() {
        Dispatcher d = Dispatcher.create(config(ALL, List.of(
                new MiddlewareSpec("a", null, false), new MiddlewareSpec("b", null, false))),
            Map.of("p", processor), Map.of("a", stamping("a", true, false), "b", stamping("b", true, true)));
        var ringing = io.tandem.sip.message.SipResponse.forRequest(INVITE.request(), 180, "Ringing");
        var out = d.relaying(INVITE, ringing).toCompletableFuture().join();
        assertThat(out.headers("X-Mw")).containsExactly("a");
        assertThat(d.responseFailures()).isEqualTo(1);
    }

    @Test
    void withoutMiddlewaresThatSeeResponsesTheDispatcherDoesNotAskForThem() {
        Dispatcher d = Dispatcher.create(config(ALL, List.of(new MiddlewareSpec("b", null, false))),
            Map.of("p", processor), Map.of("b", stamping("b", false, false)));
        assertThat(d.seesResponses()).isFalse();
    }
}
