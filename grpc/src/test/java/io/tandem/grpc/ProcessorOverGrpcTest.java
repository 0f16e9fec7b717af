package io.tandem.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.routr.message.Extension;
import io.routr.message.ResponseType;
import io.routr.message.SIPMessage;
import io.routr.message.SipURI;
import io.routr.processor.MessageResponse;
import io.tandem.processor.Decision;
import io.tandem.processor.DigestSecret;
import io.tandem.processor.Header;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The two adapters against each other over a real gRPC connection on loopback: what the
 * EdgePort's {@link RemoteProcessor} sends arrives at the {@link ProcessorService} as the same
 * context, and each kind of decision comes back as it was made; a processor that cannot be
 * reached, or does not answer within the deadline, gives 503 naming it; Routr-shaped answers
 * (a response type, a request to forward) are read as Routr means them.
 */
class ProcessorOverGrpcTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    static MessageContext context() {
        SipRequest req = (SipRequest) SipParser.parse(("""
            INVITE sip:1002@sip.local SIP/2.0\r
            Via: SIP/2.0/TCP 198.51.100.7:5062;branch=z9hG4bK-9;rport\r
            Max-Forwards: 70\r
            f: <sip:1001@sip.local>;tag=1\r
            To:   <sip:1002@sip.local>\r
            Call-ID: call-over-grpc\r
            CSeq: 1 INVITE\r
            Subject: folded\r
             onto two lines\r
            Content-Type: application/sdp\r
            Content-Length: 5\r
            \r
            v=0\r
            """).getBytes(StandardCharsets.UTF_8));
        ListeningPoint udp = new ListeningPoint(Transport.UDP, "0.0.0.0", 5060, "203.0.113.10", 5060);
        ListeningPoint tcp = new ListeningPoint(Transport.TCP, "0.0.0.0", 5060, "203.0.113.10", 15060);
        return new MessageContext("edge-01", req, Transport.TCP, "198.51.100.7", 40211, tcp, List.of(udp, tcp),
            List.of("203.0.113.10"), List.of("10.0.0.0/8"), true);
    }

    @Test
    void theContextArrivesWholeAndEveryKindOfDecisionComesBack() throws Exception {
        AtomicReference<MessageContext> seen = new AtomicReference<>();
        AtomicReference<Decision> answer = new AtomicReference<>();
        Processor inProcess = ctx -> {
            seen.set(ctx);
            return CompletableFuture.completedFuture(answer.get());
        };
        try (ProcessorServer server = ProcessorServer.start(LOOPBACK, "test", inProcess);
             RemoteProcessor remote = new RemoteProcessor("test", "127.0.0.1:" + server.port(), 2000)) {
            MessageContext sent = context();
            List<Decision> decisions = List.of(
                new Decision.Respond(486, "Busy Here", List.of(new Header("Retry-After", "30")), "x".getBytes(), "text/plain"),
                Decision.respond(401, "Unauthorized", new Header("WWW-Authenticate", "Digest realm=\"sip.local\", nonce=\"n\"")),
                new Decision.Forward(List.of(
                    new Target(SipUri.parse("sip:1002@10.0.0.2:5070;transport=tcp"), SipUri.parse("sip:198.51.100.9:40000;transport=tcp"),
                        List.of("<sip:p.example.com;lr>"), List.of(new Header("X-Branch", "1")), new DigestSecret("trunk", "s3cret")),
                    Target.of(SipUri.parse("sip:1002@10.0.0.3"))),
                    Decision.Fork.SERIAL, List.of(new Header("X-Tenant", "acme")), List.of("P-Asserted-Identity"),
                    new Decision.Body("v=1\r\n".getBytes(), "application/sdp")),
                Decision.drop("policy"));
            for (Decision d : decisions) {
                answer.set(d);
                Decision back = remote.process(sent).toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(back).usingRecursiveComparison().isEqualTo(d);
            }
            MessageContext got = seen.get();
            assertThat(got.request().toBytes()).isEqualTo(sent.request().toBytes());
            assertThat(got).usingRecursiveComparison().ignoringFields("request").isEqualTo(sent);
            assertThat(server.service().served()).isEqualTo(4);
            assertThat(remote.calls()).isEqualTo(4);
            assertThat(remote.failures()).isZero();
            assertThat(remote.reachable()).isTrue();
        }
    }

    @Test
    void anUnreachableProcessorGives503NamingIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (RemoteProcessor remote = new RemoteProcessor("voicemail", "127.0.0.1:" + closed, 2000)) {
            for (int i = 0; i < 3; i++) {
                Decision d = remote.process(context()).toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(d).isInstanceOfSatisfying(Decision.Respond.class, r -> {
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.reason()).isEqualTo("Service Unavailable (processor voicemail unreachable)");
                });
            }
            assertThat(remote.failures()).isEqualTo(3);
            assertThat(remote.reachable()).isFalse();
        }
    }

    @Test
    void aProcessorThatComesBackOnTheSamePortIsUsedAgainWithoutANewClient() throws Exception {
        Processor ok = ctx -> CompletableFuture.completedFuture(Decision.respond(202, "Accepted"));
        ProcessorServer first = ProcessorServer.start(LOOPBACK, "connect", ok);
        int port = first.port();
        try (RemoteProcessor remote = new RemoteProcessor("connect", "127.0.0.1:" + port, 2000)) {
            assertThat(status(remote)).isEqualTo(202);
            first.stop(0);
            assertThat(status(remote)).isEqualTo(503);
            // the call racing the server's GOAWAY may fail otherwise (CANCELLED) and not mark it down: the next ones do
            for (int i = 0; i < 20 && remote.reachable(); i++) {
                Thread.sleep(50);
                assertThat(status(remote)).isEqualTo(503);
            }
            assertThat(remote.reachable()).isFalse();
            try (ProcessorServer again = ProcessorServer.start(new InetSocketAddress("127.0.0.1", port), "connect", ok)) {
                int attempts = 0;
                int status;
                do {
                    attempts++;
                    Thread.sleep(100);
                    status = status(remote);
                } while (status != 202 && attempts < 100);
                assertThat(status).as("answered again after %d attempts", attempts).isEqualTo(202);
                assertThat(remote.reachable()).isTrue();
            }
        }
    }

    @Test
    void readinessIsGreenWhileTheProcessorIsUpRedNamingItWhileItIsDownAndGreenWhenItIsBack() throws Exception {
        Processor ok = ctx -> CompletableFuture.completedFuture(Decision.respond(202, "Accepted"));
        ProcessorServer first = ProcessorServer.start(LOOPBACK, "connect", ok);
        int port = first.port();
        try (RemoteProcessor remote = new RemoteProcessor("connect", "127.0.0.1:" + port, 2000)) {
            assertThat(remote.readiness().toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
            first.stop(0);
            String down = null;
            for (int i = 0; i < 100 && down == null; i++) { // the channel sees the connection go
                Thread.sleep(50);
                down = readinessProblem(remote);
            }
            assertThat(down).isIn("unreachable at 127.0.0.1:" + port + " (TRANSIENT_FAILURE)",
                "still connecting to 127.0.0.1:" + port + " after 1000 ms");
            try (ProcessorServer again = ProcessorServer.start(new InetSocketAddress("127.0.0.1", port), "connect", ok)) {
                String problem = down;
                for (int i = 0; i < 100 && problem != null; i++) { // retried every 500 ms
                    Thread.sleep(50);
                    problem = readinessProblem(remote);
                }
                assertThat(problem).as("readiness once the processor is back").isNull();
            }
        }
    }

    /** The reason readiness failed, or null when it is ready. */
    private static String readinessProblem(RemoteProcessor remote) throws Exception {
        try {
            remote.readiness().toCompletableFuture().get(5, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause().getMessage();
        }
    }

    private static int status(RemoteProcessor remote) throws Exception {
        return ((Decision.Respond) remote.process(context()).toCompletableFuture().get(5, TimeUnit.SECONDS)).status();
    }

    @Test
    void aProcessorThatOutlivesTheDeadlineGives503AndOneThatFailsToo() throws Exception {
        Processor never = ctx -> new CompletableFuture<>();
        try (ProcessorServer server = ProcessorServer.start(LOOPBACK, "slow", never);
             RemoteProcessor remote = new RemoteProcessor("slow", "127.0.0.1:" + server.port(), 300)) {
            Decision d = remote.process(context()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(((Decision.Respond) d).reason()).isEqualTo("Service Unavailable (processor slow timed out after 300 ms)");
        }
        Processor failing = ctx -> CompletableFuture.failedFuture(new IllegalStateException("no database"));
        try (ProcessorServer server = ProcessorServer.start(LOOPBACK, "failing", failing);
             RemoteProcessor remote = new RemoteProcessor("failing", "127.0.0.1:" + server.port(), 2000)) {
            Decision d = remote.process(context()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(((Decision.Respond) d).status()).isEqualTo(503);
            assertThat(((Decision.Respond) d).reason()).startsWith("Service Unavailable (processor failing failed: INTERNAL")
                .contains("no database");
            assertThat(server.service().failed()).isEqualTo(1);
        }
    }

    @Test
    void routrShapedAnswersAreReadAsRoutrMeansThem() {
        Decision ok = ProtoDecision.toDecision(MessageResponse.newBuilder().setMessage(SIPMessage.newBuilder()
            .setResponseType(ResponseType.OK).addExtensions(Extension.newBuilder().setName("X-Processor").setValue("node"))).build());
        assertThat(ok).usingRecursiveComparison()
            .isEqualTo(new Decision.Respond(200, "Ok", List.of(new Header("X-Processor", "node")), null, null));
        Decision busy = ProtoDecision.toDecision(MessageResponse.newBuilder().setMessage(SIPMessage.newBuilder()
            .setResponseType(ResponseType.BUSY_HERE).setReasonPhrase("Busy Here")).build());
        assertThat(((Decision.Respond) busy).status()).isEqualTo(486);
        Decision forward = ProtoDecision.toDecision(MessageResponse.newBuilder().setMessage(SIPMessage.newBuilder()
            .setRequestUri(SipURI.newBuilder().setUser("1002").setHost("10.0.0.2").setPort(5070).setTransportParam("tcp"))
            .addRoute(io.routr.message.Route.newBuilder().setAddress(io.routr.message.Address.newBuilder()
                .setUri(SipURI.newBuilder().setHost("p.example.com").setLrParam(true))))).build());
        assertThat(forward).isInstanceOfSatisfying(Decision.Forward.class, f -> {
            assertThat(f.targets().getFirst().requestUri()).hasToString("sip:1002@10.0.0.2:5070;transport=tcp");
            assertThat(f.targets().getFirst().routeSet()).containsExactly("<sip:p.example.com;lr>");
        });
    }
}
