package io.tandem.edgeport.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.Features;
import io.tandem.edgeport.config.ProxyOptions;
import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.door.Verdict;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The EdgePort's seams with a real UDP caller and callee: call events, the relaying hook of a
 * Processor, the door's filters, and the proxy options (Server header, Allow, processor timeout).
 */
class SeamsTest {
    static final Duration WAIT = Duration.ofSeconds(3);

    /** Records every call event as one line. */
    static final class Recorder implements CallListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void requestReceived(MessageContext r) {
            events.add("request " + r.request().method());
        }

        @Override
        public void branchSent(SipRequest request, SipRequest sent, Transport transport, InetSocketAddress to) {
            events.add("branch " + sent.method() + " " + transport + " " + to.getPort());
        }

        @Override
        public void responseSent(SipRequest request, InetSocketAddress source, SipResponse response, boolean local) {
            assertThat(source.getAddress().isLoopbackAddress()).isTrue();
            events.add("response " + response.status() + (local ? " local" : ""));
        }

        @Override
        public void cancelReceived(SipRequest cancel, boolean matched) {
            events.add("cancel " + matched);
        }

        @Override
        public void transactionEnded(SipRequest request, int status) {
            events.add("ended " + request.method() + " " + status);
        }
    }

    /** Forwards to the callee at {@code port}; when {@code rewrite}, stamps each relayed response, later, on another thread. */
    static Processor toCallee(int port, boolean rewrite) {
        return new Processor() {
            @Override
            public CompletionStage<Decision> process(MessageContext ctx) {
                if (ctx.request().method().name().equals("MESSAGE")) {
                    return CompletableFuture.completedFuture(Decision.respond(202, "Accepted"));
                }
                return CompletableFuture.completedFuture(Decision.forward(Target.of(SipUri.parse("sip:bob@127.0.0.1:" + port))));
            }

            @Override
            public boolean seesResponses() {
                return rewrite;
            }

            @Override
            public CompletionStage<SipRequest> relayingAck(MessageContext ack) {
                // later, on another thread, as a media anchor's answer comes back from rtpengine
                return CompletableFuture.supplyAsync(() -> ack.request().edit().body("answer from the hook", "text/plain").build(),
                    CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            }

            @Override
            public CompletionStage<SipResponse> relaying(MessageContext request, SipResponse response) {
                // the 180 is the slow one: the 200 must still go up after it
                long delay = response.status() == 180 ? 300 : 0;
                return CompletableFuture.supplyAsync(() -> response.edit().add("X-Relayed", request.request().method().name()).build(),
                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
            }
        };
    }

    /** The callee: 180 then 200 to the first INVITE it gets. */
    static void ringAndAnswer(UdpPeer callee) throws Exception {
        Received inv = callee.receive(WAIT);
        SipRequest req = (SipRequest) inv.message();
        callee.send(Req.response("SIP/2.0 180 Ringing", req, "callee1").text(), callee.lastSender);
        callee.send(Req.response("SIP/2.0 200 OK", req, "callee1").text(), callee.lastSender);
    }

    @Test
    void callEventsFollowAForwardedInviteAndALocalAnswer() throws Exception {
        Recorder rec = new Recorder();
        try (UdpPeer caller = new UdpPeer(); UdpPeer callee = new UdpPeer();
             EdgePortFixture ep = new EdgePortFixture(c -> c, new Features(Door.OPEN, rec, null), toCallee(callee.port(), false))) {
            Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", caller.port());
            caller.send(inv.text(), ep.udp());
            ringAndAnswer(callee);
            caller.receiveStatus(200, WAIT);
            // each call's events are published on its own shard, right after the send: wait for them
            EdgePortFixture.awaitCount("the INVITE's events", () -> rec.events.size(), 0, 5);
            Req msg = Req.of("MESSAGE", "sip:bob@example.com", "UDP", caller.port());
            caller.send(msg.text(), ep.udp());
            caller.receiveStatus(202, WAIT);
            EdgePortFixture.awaitCount("the MESSAGE's events", () -> rec.events.size(), 0, 8);
            Req stray = Req.of("INVITE", "sip:bob@example.com", "UDP", caller.port());
            caller.send(stray.cancel(), ep.udp());
            caller.receiveStatus(481, WAIT);
            // published right after the send: the caller may read the 481 first
            EdgePortFixture.awaitCount("call events", () -> rec.events.size(), 0, 11);
            assertThat(rec.events).containsExactly(
                "request INVITE", "branch INVITE UDP " + callee.port(), "response 180", "response 200", "ended INVITE 200",
                "request MESSAGE", "response 202 local", "ended MESSAGE 202",
                "cancel false", "response 481 local", "ended CANCEL 481");
        }
    }

    @Test
    void aProcessorThatSeesResponsesRewritesThemInOrder() throws Exception {
        try (UdpPeer caller = new UdpPeer(); UdpPeer callee = new UdpPeer();
             EdgePortFixture ep = new EdgePortFixture(c -> c, Features.none(), toCallee(callee.port(), true))) {
            Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", caller.port());
            caller.send(inv.text(), ep.udp());
            ringAndAnswer(callee);
            Received trying = caller.receive(WAIT);
            assertThat(trying.response().status()).isEqualTo(100); // ours, not relayed: not hooked
            Received ringing = caller.receive(WAIT);
            Received ok = caller.receive(WAIT);
            assertThat(ringing.response().status()).isEqualTo(180);
            assertThat(ringing.response().header("X-Relayed")).isEqualTo("INVITE");
            assertThat(ok.response().status()).isEqualTo(200);
            assertThat(ok.response().header("X-Relayed")).isEqualTo("INVITE");
        }
    }

    /** The ACK for a 2xx, relayed end to end without a transaction, goes through the hook too (a late offer's answer). */
    @Test
    void aProcessorThatSeesResponsesRewritesTheAckForA2xx() throws Exception {
        for (boolean rewrite : new boolean[] {true, false}) {
            try (UdpPeer caller = new UdpPeer(); UdpPeer callee = new UdpPeer();
                 EdgePortFixture ep = new EdgePortFixture(c -> c, Features.none(), toCallee(callee.port(), rewrite))) {
                Req ack = Req.of("ACK", "sip:bob@127.0.0.1:" + callee.port(), "UDP", caller.port()).body("application/sdp", "v=0\r\n");
                caller.send(ack.text(), ep.udp());
                SipRequest out = (SipRequest) callee.receive(WAIT).message();
                assertThat(out.method().name()).isEqualTo("ACK");
                assertThat(out.bodyText()).isEqualTo(rewrite ? "answer from the hook" : "v=0\r\n");
                assertThat(out.contentLength()).isEqualTo(out.bodyLength());
            }
        }
    }

    @Test
    void theDoorDropsRejectsAndRefusesBeforeAnyTransaction() throws Exception {
        Verdict scanner = new Verdict.Drop("scanner");
        Verdict tooLong = new Verdict.Reject(414, "Request-URI Too Long");
        Door door = new Door(
            List.of((remote, transport) -> transport != Transport.TCP),
            List.of(
                (m, flow) -> m instanceof SipRequest r && "friendly-scanner".equals(r.header("User-Agent")) ? scanner : Verdict.PASS,
                (m, flow) -> m instanceof SipRequest r && r.requestUriText().length() > 100 ? tooLong : Verdict.PASS));
        try (UdpPeer caller = new UdpPeer();
             EdgePortFixture ep = new EdgePortFixture(c -> c, new Features(door, null, null), null)) {
            ep.processor = ctx -> CompletableFuture.completedFuture(Decision.respond(200, "OK"));
            Req scan = Req.of("OPTIONS", "sip:100@example.com", "UDP", caller.port()).add("User-Agent", "friendly-scanner");
            caller.send(scan.text(), ep.udp());
            Req longUri = Req.of("OPTIONS", "sip:" + "9".repeat(120) + "@example.com", "UDP", caller.port());
            caller.send(longUri.text(), ep.udp());
            Received r = caller.receive(WAIT);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 414 Request-URI Too Long"); // and nothing for the scanner
            assertThat(caller.poll(Duration.ofMillis(300))).isNull();
            assertThat(door.dropped()).isEqualTo(1);
            assertThat(door.rejected()).isEqualTo(1);
            assertThat(ep.stats().requests.sum()).isZero(); // neither reached the proxy core
            // the source filter refuses every TCP connection: closed at once, counted
            try (Socket s = new Socket()) {
                s.connect(ep.tcp(), 2000);
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                assertThat(in.read()).isEqualTo(-1);
            }
            EdgePortFixture.awaitCount("refused by source", ep.edgePort.transportStats()::refusedBySource, 0, 1);
            Req ok = Req.of("OPTIONS", "sip:100@example.com", "UDP", caller.port());
            caller.send(ok.text(), ep.udp());
            assertThat(caller.receive(WAIT).startLine()).isEqualTo("SIP/2.0 200 OK");
        }
    }

    @Test
    void proxyOptionsSetTheServerHeaderAllowAndTheProcessorTimeout() throws Exception {
        MetricsRegistry metrics = new MetricsRegistry();
        try (UdpPeer caller = new UdpPeer();
             EdgePortFixture ep = new EdgePortFixture(c -> c.withProxy(new ProxyOptions("", 300)), new Features(null, null, metrics),
                 null)) {
            ep.processor = ctx -> new CompletableFuture<>(); // never answers
            String self = "sip:127.0.0.1:" + ep.udp().getPort();
            caller.send(Req.of("OPTIONS", self, "UDP", caller.port()).text(), ep.udp());
            SipResponse options = caller.receiveStatus(200, WAIT).response();
            assertThat(options.header("Server")).isNull(); // configured empty: no Server header
            assertThat(options.header("Allow")).isEqualTo(String.join(", ", io.tandem.edgeport.config.EdgePortConfig.DEFAULT_METHODS));
            Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", caller.port());
            long t0 = System.nanoTime();
            caller.send(inv.text(), ep.udp());
            SipResponse timeout = caller.receiveStatus(503, Duration.ofMillis(2500)).response(); // the default is 5000 ms
            assertThat(timeout.reason()).isEqualTo("Processor Timeout");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2500);
            caller.send(inv.ackFor(timeout), ep.udp());
            assertThat(metrics.value("tandem_proxy_requests_total")).isEqualTo(2);
            assertThat(metrics.value("tandem_proxy_processor_failures_total")).isEqualTo(1);
        }
    }
}
