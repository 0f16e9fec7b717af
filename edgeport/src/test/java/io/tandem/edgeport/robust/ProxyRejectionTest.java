package io.tandem.edgeport.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Decision;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request validation of a proxy (RFC 3261 §16.3): each failure has its status, and the Processor is not asked. */
class ProxyRejectionTest {
    static final Duration WAIT = Duration.ofSeconds(3);
    static EdgePortFixture ep;
    static final AtomicInteger asked = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        ep = new EdgePortFixture();
        ep.processor = ctx -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(Decision.respond(599, "Processor Was Asked"));
        };
    }

    @AfterAll
    static void stop() {
        ep.close();
    }

    @BeforeEach
    void reset() {
        asked.set(0);
    }

    private static Received send(UdpPeer udp, Req req) throws Exception {
        udp.send(req.text(), ep.udp());
        Received r = udp.receive(WAIT);
        assertThat(r.response().callId()).isEqualTo(req.callId);
        assertThat(r.response().headers("Via")).containsExactly(req.header("Via"));
        assertThat(r.response().header("CSeq")).isEqualTo(req.header("CSeq"));
        return r;
    }

    @Test
    void maxForwardsZeroGets483() throws Exception {
        long rejected = ep.stats().rejected.sum();
        try (UdpPeer udp = new UdpPeer()) {
            Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", udp.port()).set("Max-Forwards", "0");
            Received r = send(udp, inv);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 483 Too Many Hops");
            assertThat(r.response().to().tag()).isNotBlank();
            udp.send(inv.ackFor(r.response()), ep.udp());
        }
        assertThat(asked).hasValue(0);
        assertThat(ep.stats().rejected.sum()).isEqualTo(rejected + 1);
    }

    /** §16.3 step 3 / §11: an OPTIONS to the proxy itself is answered even with Max-Forwards 0. */
    @Test
    void optionsToTheEdgePortWithMaxForwardsZeroGets200() throws Exception {
        try (UdpPeer udp = new UdpPeer()) {
            Req opt = Req.of("OPTIONS", "sip:127.0.0.1:" + ep.udp().getPort(), "UDP", udp.port()).set("Max-Forwards", "0");
            Received r = send(udp, opt);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 200 OK");
        }
        assertThat(asked).hasValue(0);
    }

    @Test
    void anUnsupportedRequestUriSchemeGets416() throws Exception {
        try (UdpPeer udp = new UdpPeer()) {
            Req inv = Req.of("INVITE", "im:bob@example.com", "UDP", udp.port());
            Received r = send(udp, inv);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 416 Unsupported URI Scheme");
            udp.send(inv.ackFor(r.response()), ep.udp());
        }
        assertThat(asked).hasValue(0);
    }

    @Test
    void anUnsupportedProxyRequireGets420WithUnsupported() throws Exception {
        try (UdpPeer udp = new UdpPeer()) {
            Req reg = Req.of("REGISTER", "sip:example.com", "UDP", udp.port())
                .set("To", "<sip:alice@example.com>").set("From", "<sip:alice@example.com>;tag=reg1")
                .add("Contact", "<sip:alice@127.0.0.1:" + udp.port() + ">").add("Proxy-Require", "foo");
            Received r = send(udp, reg);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 420 Bad Extension");
            assertThat(r.response().headers("Unsupported")).containsExactly("foo");
        }
        assertThat(asked).hasValue(0);
    }

    /** Only the option tags the proxy does not support are listed (outbound is supported). */
    @Test
    void onlyTheUnknownOptionTagsAreListedAsUnsupported() throws Exception {
        try (UdpPeer udp = new UdpPeer()) {
            Req reg = Req.of("REGISTER", "sip:example.com", "UDP", udp.port())
                .add("Contact", "<sip:alice@127.0.0.1:" + udp.port() + ">").add("Proxy-Require", "outbound, foo");
            Received r = send(udp, reg);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 420 Bad Extension");
            assertThat(r.response().unsupported()).containsExactly("foo");
        }
    }
}
