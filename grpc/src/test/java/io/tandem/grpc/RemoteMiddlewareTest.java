package io.tandem.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.dispatcher.Dispatcher;
import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.dispatcher.DispatcherConfig.MiddlewareSpec;
import io.tandem.dispatcher.DispatcherConfig.ProcessorSpec;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.processor.Target;
import io.tandem.sip.uri.SipUri;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Remote middlewares in a real Dispatcher, over gRPC on loopback, with Routr's semantics: before the
 * processor, a middleware's response breaks the chain and anything else lets the request go on;
 * after it, a response replaces the processor's decision; one that cannot be reached answers 503
 * naming the middleware.
 */
class RemoteMiddlewareTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private final AtomicInteger processed = new AtomicInteger();
    private final Processor processor = ctx -> {
        processed.incrementAndGet();
        return CompletableFuture.completedFuture(Decision.respond(200, "OK"));
    };

    /** Answers 403 when the caller's Call-ID says so, else sends the request on (a forward, as a Routr middleware echoes it). */
    private static final Processor GATE = ctx -> CompletableFuture.completedFuture(ctx.request().callId().contains("deny")
        ? Decision.respond(403, "Forbidden", new Header("X-Gate", "closed"))
        : new Decision.Forward(List.of(Target.of(SipUri.parse("sip:1002@10.0.0.2"))), Decision.Fork.PARALLEL, List.of(), List.of(), null));

    private Dispatcher dispatcher(String addr, boolean post) {
        DispatcherConfig config = new DispatcherConfig("test", "md", "v2beta1", null,
            List.of(ProcessorSpec.of("p", List.of("INVITE"), "true")), List.of(new MiddlewareSpec("gate", addr, post)));
        return Dispatcher.create(config, Map.of("p", processor),
            Map.of("gate", new RemoteMiddleware("gate", addr, post, 2000, null)));
    }

    private static Decision.Respond run(Dispatcher d, MessageContext ctx) throws Exception {
        return (Decision.Respond) d.process(ctx).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static MessageContext invite(String callId) {
        MessageContext c = ProcessorOverGrpcTest.context();
        byte[] raw = new String(c.request().toBytes()).replace("call-over-grpc", callId).getBytes();
        return new MessageContext(c.edgePortRef(), (io.tandem.sip.message.SipRequest) io.tandem.sip.message.SipParser.parse(raw),
            c.transport(), c.sourceHost(), c.sourcePort(), c.listeningPoint(), c.listeningPoints(), c.externalAddrs(), c.localnets(),
            c.dialogRouted());
    }

    @Test
    void beforeTheProcessorAResponseBreaksTheChainAndAForwardLetsTheRequestOn() throws Exception {
        try (ProcessorServer server = ProcessorServer.start(LOOPBACK, "gate", GATE)) {
            Dispatcher d = dispatcher("127.0.0.1:" + server.port(), false);
            Decision.Respond denied = run(d, invite("deny-1"));
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.headers()).containsExactly(new Header("X-Gate", "closed"));
            assertThat(processed).as("the processor never saw the denied request").hasValue(0);
            assertThat(run(d, invite("allow-1")).status()).isEqualTo(200);
            assertThat(processed).hasValue(1);
            assertThat(server.service().served()).isEqualTo(2);
        }
    }

    @Test
    void afterTheProcessorAResponseReplacesItsDecision() throws Exception {
        try (ProcessorServer server = ProcessorServer.start(LOOPBACK, "gate", GATE)) {
            Dispatcher d = dispatcher("127.0.0.1:" + server.port(), true);
            assertThat(run(d, invite("deny-2")).status()).isEqualTo(403);
            assertThat(run(d, invite("allow-2")).status()).as("a forward keeps the processor's decision").isEqualTo(200);
            assertThat(processed).as("a post-processor middleware runs after the processor, every time").hasValue(2);
        }
    }

    @Test
    void anUnreachableMiddlewareAnswers503NamingIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Decision.Respond r = run(dispatcher("127.0.0.1:" + closed, false), invite("allow-3"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.reason()).isEqualTo("Service Unavailable (middleware gate unreachable)");
        assertThat(processed).hasValue(0);
    }
}
