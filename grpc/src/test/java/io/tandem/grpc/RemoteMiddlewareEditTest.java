package io.tandem.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import io.routr.message.Extension;
import io.routr.message.SIPMessage;
import io.routr.message.Via;
import io.routr.processor.MessageRequest;
import io.routr.processor.MessageResponse;
import io.routr.processor.ProcessorGrpc;
import io.tandem.dispatcher.Dispatcher;
import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.dispatcher.DispatcherConfig.MiddlewareSpec;
import io.tandem.dispatcher.DispatcherConfig.ProcessorSpec;
import io.tandem.grpc.proto.HeaderLine;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.Processor;
import io.tandem.processor.Target;
import io.tandem.sip.message.SipRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A remote middleware's edits to the request, over gRPC on loopback: the request a Routr middleware
 * sends back (typed fields and extensions) or a Tandem one (the wire form) is the one the Processor
 * sees and the Forward carries; an edit that may not be made is answered 500 naming the middleware.
 */
class RemoteMiddlewareEditTest {
    private final AtomicReference<SipRequest> seen = new AtomicReference<>();
    private final Processor forwarding = ctx -> {
        seen.set(ctx.request());
        return CompletableFuture.completedFuture(Decision.forward(new Target(ctx.request().requestUri(), null, List.of(), List.of())));
    };

    /** A middleware that sends the request's message back as {@code edit} changes it (as Routr's do). */
    private static ProcessorGrpc.ProcessorImplBase echoing(UnaryOperator<SIPMessage.Builder> edit) {
        return new ProcessorGrpc.ProcessorImplBase() {
            @Override
            public void processMessage(MessageRequest request, StreamObserver<MessageResponse> out) {
                out.onNext(MessageResponse.newBuilder().setMessage(edit.apply(request.getMessage().toBuilder())).build());
                out.onCompleted();
            }
        };
    }

    private Decision run(io.grpc.BindableService middleware) throws Exception {
        try (GrpcServer server = GrpcServer.start(new InetSocketAddress("127.0.0.1", 0), null, middleware);
             RemoteMiddleware remote = new RemoteMiddleware("tenant", "127.0.0.1:" + server.port(), false, 2000, null)) {
            DispatcherConfig config = new DispatcherConfig("test", "md", "v2beta1", null,
                List.of(ProcessorSpec.of("p", List.of("INVITE"), "true")), List.of(new MiddlewareSpec("tenant", null, false)));
            Dispatcher d = Dispatcher.create(config, Map.of("p", forwarding), Map.of("tenant", remote));
            return d.process(ProcessorOverGrpcTest.context()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRoutrMiddlewaresExtensionsRequestUriAndBodyAreApplied() throws Exception {
        Decision d = run(echoing(m -> m.addExtensions(Extension.newBuilder().setName("X-Tenant").setValue("acme"))
            .setRequestUri(m.getRequestUri().toBuilder().setUser("voicemail")).setBody("v=1\r\n")));
        SipRequest r = seen.get();
        assertThat(r.header("X-Tenant")).isEqualTo("acme");
        assertThat(r.requestUriText()).isEqualTo("sip:voicemail@sip.local");
        assertThat(r.bodyText()).isEqualTo("v=1\r\n");
        assertThat(r.header("Subject")).as("the other lines as they were").isEqualTo(ProcessorOverGrpcTest.context().request().header("Subject"));
        Decision.Forward f = (Decision.Forward) d;
        assertThat(f.headers()).containsExactly(new Header("X-Tenant", "acme"));
        assertThat(f.targets().getFirst().requestUri().toString()).isEqualTo("sip:voicemail@sip.local");
        assertThat(new String(f.body().content(), StandardCharsets.UTF_8)).isEqualTo("v=1\r\n");
    }

    @Test
    void aRemovedExtensionIsRemoved() throws Exception {
        Decision.Forward f = (Decision.Forward) run(echoing(m -> m.clearExtensions()
            .addExtensions(Extension.newBuilder().setName("Content-Type").setValue("application/sdp"))));
        assertThat(seen.get().hasHeader("Subject")).isFalse();
        assertThat(f.removeHeaders()).containsExactly("Subject");
    }

    @Test
    void aWireFormSentBackChangedIsTheRequest() throws Exception {
        run(echoing(m -> {
            m.getWireBuilder().addHeaders(HeaderLine.newBuilder().setName("P-Charge-Info").setValue("<sip:1001@sip.local>"));
            return m;
        }));
        assertThat(seen.get().header("P-Charge-Info")).isEqualTo("<sip:1001@sip.local>");
    }

    @Test
    void aTandemMiddlewaresForwardEditsTheRequest() throws Exception {
        Processor tandemMiddleware = ctx -> CompletableFuture.completedFuture(new Decision.Forward(
            List.of(new Target(ctx.request().requestUri(), null, List.of(), List.of())), Decision.Fork.PARALLEL,
            List.of(new Header("X-Tenant", "acme")), List.of("Subject"), null));
        run(new ProcessorService("tenant", tandemMiddleware));
        assertThat(seen.get().header("X-Tenant")).isEqualTo("acme");
        assertThat(seen.get().hasHeader("Subject")).isFalse();
        assertThat(seen.get().requestUriText()).as("its targets are not used").isEqualTo("sip:1002@sip.local");
    }

    @Test
    void anEchoChangesNothing() throws Exception {
        Decision.Forward f = (Decision.Forward) run(echoing(m -> m));
        assertThat(f.headers()).isEmpty();
        assertThat(f.removeHeaders()).isEmpty();
        assertThat(f.body()).isNull();
        assertThat(seen.get().toBytes()).isEqualTo(ProcessorOverGrpcTest.context().request().toBytes());
    }

    @Test
    void whatMayNotChangeIsAnswered500NamingTheMiddleware() throws Exception {
        Decision.Respond typed = (Decision.Respond) run(echoing(m -> m.setVia(0, Via.newBuilder(m.getVia(0)).setHost("203.0.113.9"))));
        assertThat(typed.status()).isEqualTo(500);
        assertThat(typed.reason()).isEqualTo("Server Internal Error (middleware tenant: message.via: changed (only request_uri,"
            + " extensions and body are read from the typed fields; edit the wire form))");
        Decision.Respond wire = (Decision.Respond) run(echoing(m -> {
            for (int i = 0; i < m.getWire().getHeadersCount(); i++) {
                if (m.getWire().getHeaders(i).getName().equals("Call-ID")) {
                    m.getWireBuilder().setHeaders(i, HeaderLine.newBuilder().setName("Call-ID").setValue("another"));
                }
            }
            return m;
        }));
        assertThat(wire.reason()).isEqualTo("Server Internal Error (middleware tenant: Call-ID changed)");
        assertThat(seen.get()).as("the processor never saw either").isNull();
    }
}
