package io.tandem.edgeport.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Decision;
import io.tandem.processor.Processor;
import io.tandem.processor.Target;
import io.tandem.sip.uri.SipUri;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever the Processor does (never answers, throws, fails, answers nothing) and whatever happens
 * to the forward, the request gets a final response: a stateful proxy never leaves a server
 * transaction without one (RFC 3261 §16.7, §16.9).
 */
class ProcessorFailureTest {
    static final Duration WAIT = Duration.ofSeconds(3);
    /** For answers the EdgePort can give at once (the Processor has already answered). */
    static final Duration PROMPT = Duration.ofSeconds(1);
    /** The EdgePort's processor timeout: spec.proxy.processorTimeout, 5000 ms by default (ProxyOptions.DEFAULT). */
    static final long PROCESSOR_TIMEOUT_MS = 5000;
    /** One EdgePort per test: a failure here may take a shard down (see aProcessorContractViolationLeavesTheShardsWorking). */
    EdgePortFixture ep;

    @BeforeEach
    void start() throws Exception {
        ep = new EdgePortFixture();
    }

    @AfterEach
    void stop() {
        ep.close();
    }

    /** Sends an INVITE over UDP, expects 100 Trying then a final response within {@code within}, ACKs it. */
    private Received invite(Processor p, Duration within) throws Exception {
        ep.processor = p;
        try (UdpPeer udp = new UdpPeer()) {
            Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", udp.port());
            udp.send(inv.text(), ep.udp());
            Received trying = udp.receive(WAIT);
            assertThat(trying.startLine()).isEqualTo("SIP/2.0 100 Trying");
            Received fin = udp.poll(within);
            assertThat(fin).as("a final response to the INVITE within %s", within).isNotNull();
            assertThat(fin.response().callId()).isEqualTo(inv.callId);
            assertThat(fin.response().headers("Via")).containsExactly(inv.header("Via"));
            assertThat(fin.response().to().tag()).isNotBlank();
            udp.send(inv.ackFor(fin.response()), ep.udp());
            return fin;
        }
    }

    @Test
    void aProcessorThatNeverAnswersGets503AfterTheProcessorTimeout() throws Exception {
        long failures = ep.stats().processorFailures.sum();
        long t0 = System.nanoTime();
        Received fin = invite(ctx -> new CompletableFuture<>(), Duration.ofMillis(PROCESSOR_TIMEOUT_MS + 2000));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(fin.startLine()).isEqualTo("SIP/2.0 503 Processor Timeout");
        assertThat(elapsed).isBetween(PROCESSOR_TIMEOUT_MS - 500, PROCESSOR_TIMEOUT_MS + 2000);
        assertThat(ep.stats().processorFailures.sum()).isEqualTo(failures + 1);
    }

    @Test
    void aProcessorThatThrowsGets503() throws Exception {
        long failures = ep.stats().processorFailures.sum();
        Received fin = invite(ctx -> {
            throw new IllegalStateException("processor bug");
        }, WAIT);
        assertThat(fin.startLine()).isEqualTo("SIP/2.0 503 Processor Unavailable");
        assertThat(ep.stats().processorFailures.sum()).isEqualTo(failures + 1);
    }

    @Test
    void aProcessorThatFailsAtOnceGets503() throws Exception {
        Received fin = invite(ctx -> CompletableFuture.failedFuture(new RuntimeException("no route")), WAIT);
        assertThat(fin.startLine()).isEqualTo("SIP/2.0 503 Processor Unavailable");
    }

    @Test
    void aProcessorThatFailsLaterGets503() throws Exception {
        Received fin = invite(ctx -> CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("backend down");
        }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)), WAIT);
        assertThat(fin.startLine()).isEqualTo("SIP/2.0 503 Processor Unavailable");
    }

    @Test
    void aNonInviteWhoseProcessorThrowsGets503WithoutTrying() throws Exception {
        ep.processor = ctx -> {
            throw new IllegalStateException("processor bug");
        };
        try (UdpPeer udp = new UdpPeer()) {
            Req msg = Req.of("MESSAGE", "sip:bob@example.com", "UDP", udp.port()).body("text/plain", "hi");
            udp.send(msg.text(), ep.udp());
            Received fin = udp.receive(WAIT);
            assertThat(fin.startLine()).isEqualTo("SIP/2.0 503 Processor Unavailable");
            assertThat(fin.response().headers("Via")).containsExactly(msg.header("Via"));
        }
    }

    /** A Processor that returns null instead of a stage breaks its contract: still, the INVITE must get a final response. */
    @Test
    void aProcessorThatReturnsNullGets5xx() throws Exception {
        Received fin = invite(ctx -> null, PROMPT);
        assertThat(fin.response().status()).isBetween(500, 599);
    }

    /** A stage completed with a null Decision at once. */
    @Test
    void aProcessorWhoseDecisionIsNullGets5xx() throws Exception {
        Received fin = invite(ctx -> CompletableFuture.completedFuture(null), PROMPT);
        assertThat(fin.response().status()).isBetween(500, 599);
    }

    /** A stage completed with a null Decision later (the asynchronous path). */
    @Test
    void aProcessorWhoseLateDecisionIsNullGets5xx() throws Exception {
        Received fin = invite(ctx -> CompletableFuture.supplyAsync(() -> null,
            CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)), PROMPT);
        assertThat(fin.response().status()).isBetween(500, 599);
    }

    /**
     * A CANCEL while the Processor is still deciding: 200 for the CANCEL and 487 for the INVITE
     * (RFC 3261 §9.2, §16.10), at once, not when the Processor finally answers or times out.
     */
    @Test
    void aCancelWhileTheProcessorDecidesGets487AtOnce() throws Exception {
        ep.processor = ctx -> new CompletableFuture<>(); // never answers
        try (UdpPeer udp = new UdpPeer()) {
            Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", udp.port());
            udp.send(inv.text(), ep.udp());
            assertThat(udp.receive(WAIT).startLine()).isEqualTo("SIP/2.0 100 Trying");
            udp.send(inv.cancel(), ep.udp());
            Received cancelOk = udp.receiveStatus(200, WAIT);
            assertThat(cancelOk.response().cseq().method().name()).isEqualTo("CANCEL");
            Received fin = udp.poll(Duration.ofSeconds(2));
            assertThat(fin).as("a final response to the cancelled INVITE within 2 s").isNotNull();
            assertThat(fin.startLine()).isEqualTo("SIP/2.0 487 Request Terminated");
            udp.send(inv.ackFor(fin.response()), ep.udp());
        }
    }

    /** A target nobody listens on (TCP connection refused): the branch fails with 503, sent upstream as 500 (§16.7 step 6). */
    @Test
    void anUnreachableTargetGets500() throws Exception {
        Received fin = invite(ctx -> CompletableFuture.completedFuture(
            Decision.forward(Target.of(SipUri.parse("sip:bob@127.0.0.1:1;transport=tcp")))), WAIT);
        assertThat(fin.startLine()).isEqualTo("SIP/2.0 500 Server Internal Error");
    }

    /** The Processor's own answer is sent as it is. */
    @Test
    void aRespondDecisionIsSent() throws Exception {
        long forwarded = ep.stats().forwarded.sum();
        Received fin = invite(ctx -> CompletableFuture.completedFuture(Decision.respond(404, "Not Here")), WAIT);
        assertThat(fin.startLine()).isEqualTo("SIP/2.0 404 Not Here");
        assertThat(ep.stats().forwarded.sum()).isEqualTo(forwarded);
    }

    /**
     * After a Processor broke its contract (a null Decision), every shard must still work: an
     * exception escaping a task on a shard's DefaultEventLoop ends that loop's thread for good.
     */
    @Test
    void aProcessorContractViolationLeavesTheShardsWorking() throws Exception {
        ep.processor = ctx -> CompletableFuture.completedFuture(null);
        try (UdpPeer udp = new UdpPeer()) {
            for (int i = 0; i < 12; i++) { // random Call-IDs: both shards get one (but for a chance of 1 in 2048)
                udp.send(Req.of("MESSAGE", "sip:bob@example.com", "UDP", udp.port()).body("text/plain", "x").text(), ep.udp());
            }
            udp.poll(Duration.ofMillis(300));
        }
        ep.processor = ctx -> CompletableFuture.completedFuture(Decision.respond(404, "Not Here"));
        int answered = 0;
        java.util.List<String> unanswered = new java.util.ArrayList<>();
        try (UdpPeer udp = new UdpPeer()) {
            for (int i = 0; i < 16; i++) {
                Req m = Req.of("MESSAGE", "sip:bob@example.com", "UDP", udp.port()).body("text/plain", "x");
                udp.send(m.text(), ep.udp());
                Received r = udp.poll(Duration.ofMillis(200));
                if (r != null && r.startLine().equals("SIP/2.0 404 Not Here")) {
                    answered++;
                } else {
                    unanswered.add(m.callId);
                }
            }
        }
        assertThat(unanswered).as("requests unanswered after the contract violation (%d answered)", answered).isEmpty();
    }
}
