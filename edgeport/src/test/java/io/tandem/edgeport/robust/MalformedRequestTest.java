package io.tandem.edgeport.robust;

import static io.tandem.edgeport.robust.EdgePortFixture.awaitCount;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that do not parse, or whose core headers do not: answered 400 with the problem in the
 * reason when the response can be built (RFC 3261 §16.3 step 1, §8.2.6), else counted and
 * dropped, without harming the connection they came on.
 */
class MalformedRequestTest {
    static final Duration WAIT = Duration.ofSeconds(3);
    static final Duration QUIET = Duration.ofMillis(300);
    static EdgePortFixture ep;

    @BeforeAll
    static void start() throws Exception {
        ep = new EdgePortFixture();
    }

    @AfterAll
    static void stop() {
        ep.close();
    }

    /** OPTIONS addressed to the EdgePort itself: answered 200 by the proxy core, proving the connection still works. */
    private static void connectionStillWorks(TcpPeer tcp) throws Exception {
        Req ping = Req.of("OPTIONS", "sip:" + ep.tcp().getHostString() + ":" + ep.tcp().getPort() + ";transport=tcp", "TCP",
            tcp.localPort());
        tcp.send(ping.text());
        Received r = tcp.receive(WAIT);
        assertThat(r.startLine()).isEqualTo("SIP/2.0 200 OK");
        assertThat(r.response().callId()).isEqualTo(ping.callId);
    }

    /** The headers a 400 must carry back (§8.2.6.2): Via, From, Call-ID and CSeq as sent; To with a tag added. */
    private static void echoes(SipResponse resp, Req req) {
        assertThat(resp.headers("Via")).containsExactly(req.header("Via"));
        assertThat(resp.header("From")).isEqualTo(req.header("From"));
        assertThat(resp.callId()).isEqualTo(req.callId);
        assertThat(resp.header("CSeq")).isEqualTo(req.header("CSeq"));
        assertThat(resp.header("To")).startsWith(req.header("To"));
        assertThat(resp.to().tag()).as("To tag of %s", resp.header("To")).isNotBlank();
    }

    @Test
    void aBadRequestLineOverTcpGets400NamingTheProblem() throws Exception {
        long unparsable = ep.stats().unparsable.sum();
        try (TcpPeer tcp = new TcpPeer(ep.tcp())) {
            // RFC 4475 §3.1.2.7: the Request-URI in angle brackets
            Req req = Req.of("INVITE", "sip:bob@example.com", "TCP", tcp.localPort())
                .startLine("INVITE <sip:bob@example.com> SIP/2.0");
            tcp.send(req.text());
            Received r = tcp.receive(WAIT);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 400 Bad Request (Request-Line: Request-URI does not start with a URI scheme)");
            echoes(r.response(), req);
            assertThat(ep.stats().unparsable.sum()).isEqualTo(unparsable + 1);
            connectionStillWorks(tcp);
        }
    }

    @Test
    void aBadSipVersionSyntaxOverTcpGets400() throws Exception {
        try (TcpPeer tcp = new TcpPeer(ep.tcp())) {
            Req req = Req.of("OPTIONS", "sip:bob@example.com", "TCP", tcp.localPort())
                .startLine("OPTIONS sip:bob@example.com SIP/2.0x");
            tcp.send(req.text());
            Received r = tcp.receive(WAIT);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 400 Bad Request (Request-Line: unexpected characters after SIP-Version)");
            echoes(r.response(), req);
            connectionStillWorks(tcp);
        }
    }

    @Test
    void anUnsupportedSipVersionGets505() throws Exception {
        try (TcpPeer tcp = new TcpPeer(ep.tcp())) {
            Req req = Req.of("OPTIONS", "sip:bob@example.com", "TCP", tcp.localPort())
                .startLine("OPTIONS sip:bob@example.com SIP/7.0");
            tcp.send(req.text());
            Received r = tcp.receive(WAIT);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 505 Version Not Supported");
            echoes(r.response(), req);
        }
    }

    /** A Content-Length whose digits frame the stream but whose value does not parse: 400, and the stream goes on. */
    @Test
    void aMalformedContentLengthOverTcpGets400NamingIt() throws Exception {
        long unparsable = ep.stats().unparsable.sum();
        try (TcpPeer tcp = new TcpPeer(ep.tcp())) {
            Req req = Req.of("MESSAGE", "sip:bob@example.com", "TCP", tcp.localPort()).set("Content-Length", "0x");
            tcp.send(req.text());
            Received r = tcp.receive(WAIT);
            assertThat(r.startLine()).startsWith("SIP/2.0 400 Bad Request (Content-Length: ");
            echoes(r.response(), req);
            assertThat(ep.stats().unparsable.sum()).isEqualTo(unparsable + 1);
            connectionStillWorks(tcp);
        }
    }

    /**
     * A Content-Length that is not a number at all: the stream cannot be framed any further, so the
     * connection must close; but the header section is complete and readable, so the client should
     * first get a 400 saying why (RFC 3261 §18.3: a stream message without a valid Content-Length).
     */
    @Test
    void aNonNumericContentLengthOverTcpGets400BeforeTheConnectionCloses() throws Exception {
        try (TcpPeer tcp = new TcpPeer(ep.tcp())) {
            Req req = Req.of("MESSAGE", "sip:bob@example.com", "TCP", tcp.localPort()).set("Content-Length", "abc");
            tcp.send(req.text());
            Received r = tcp.poll(WAIT);
            assertThat(r).as("a 400 before the close (closed by the EdgePort: %s)", tcp.closedByPeer(Duration.ZERO)).isNotNull();
            assertThat(r.startLine()).startsWith("SIP/2.0 400 Bad Request (Content-Length: ");
            echoes(r.response(), req);
            assertThat(tcp.closedByPeer(WAIT)).isTrue();
        }
    }

    @Test
    void aContentLengthLargerThanTheDatagramGets400() throws Exception {
        try (UdpPeer udp = new UdpPeer()) {
            Req req = Req.of("MESSAGE", "sip:bob@example.com", "UDP", udp.port()).body("text/plain", "hello")
                .set("Content-Length", "50");
            udp.send(req.text(), ep.udp());
            Received r = udp.receive(WAIT);
            assertThat(r.startLine()).isEqualTo(
                "SIP/2.0 400 Bad Request (Content-Length: 50 is larger than the 5 bytes of body in the datagram)");
            echoes(r.response(), req);
        }
    }

    /** A core header (here From) that does not parse, with a usable Via: 400 naming the header. */
    @Test
    void aMalformedFromGets400NamingIt() throws Exception {
        long rejected = ep.stats().rejected.sum();
        try (TcpPeer tcp = new TcpPeer(ep.tcp())) {
            Req req = Req.of("INVITE", "sip:bob@example.com", "TCP", tcp.localPort()).set("From", "<sip:alice@example.com;tag=1");
            tcp.send(req.text());
            Received r = tcp.receive(WAIT);
            assertThat(r.startLine()).startsWith("SIP/2.0 400 Bad Request (From");
            assertThat(r.response().headers("Via")).containsExactly(req.header("Via"));
            assertThat(r.response().callId()).isEqualTo(req.callId);
            // §8.2.6.2: a To tag on every response but 100; the To header itself is fine here
            assertThat(r.response().to().tag()).as("To tag of %s", r.response().header("To")).isNotBlank();
            assertThat(ep.stats().rejected.sum()).isEqualTo(rejected + 1);
            connectionStillWorks(tcp);
        }
    }

    @Test
    void aMissingCallIdGets400() throws Exception {
        try (UdpPeer udp = new UdpPeer()) {
            Req req = Req.of("OPTIONS", "sip:bob@example.com", "UDP", udp.port()).remove("Call-ID");
            udp.send(req.text(), ep.udp());
            Received r = udp.receive(WAIT);
            assertThat(r.startLine()).isEqualTo("SIP/2.0 400 Bad Request (missing Call-ID)");
            assertThat(r.response().headers("Via")).containsExactly(req.header("Via"));
        }
    }

    /** A Via that names no host: no response can be addressed; counted and dropped, and the connection lives on. */
    @Test
    void aMalformedViaOverTcpIsCountedAndDroppedAndTheConnectionStaysUsable() throws Exception {
        long rejected = ep.stats().rejected.sum();
        long unparsable = ep.stats().unparsable.sum();
        try (TcpPeer tcp = new TcpPeer(ep.tcp())) {
            Req req = Req.of("INVITE", "sip:bob@example.com", "TCP", tcp.localPort()).set("Via", "SIP/2.0/TCP ;branch=z9hG4bKnohost");
            tcp.send(req.text());
            awaitCount("rejected + unparsable", () -> ep.stats().rejected.sum() + ep.stats().unparsable.sum(),
                rejected + unparsable, 1);
            assertThat(tcp.poll(QUIET)).as("nothing sent back").isNull();
            assertThat(tcp.closedByPeer(Duration.ZERO)).isFalse();
            connectionStillWorks(tcp);
        }
    }

    @Test
    void aMalformedViaOverUdpIsCountedAndDropped() throws Exception {
        long rejected = ep.stats().rejected.sum();
        long unparsable = ep.stats().unparsable.sum();
        try (UdpPeer udp = new UdpPeer()) {
            Req req = Req.of("OPTIONS", "sip:bob@example.com", "UDP", udp.port()).set("Via", "this is not a Via");
            udp.send(req.text(), ep.udp());
            awaitCount("rejected + unparsable", () -> ep.stats().rejected.sum() + ep.stats().unparsable.sum(),
                rejected + unparsable, 1);
            assertThat(udp.poll(QUIET)).as("nothing sent back").isNull();
        }
    }
}
