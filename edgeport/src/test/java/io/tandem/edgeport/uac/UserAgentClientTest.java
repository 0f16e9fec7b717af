package io.tandem.edgeport.uac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.Timers;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.edgeport.dns.NumericResolver;
import io.tandem.processor.Decision;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests Tandem originates, over a real EdgePort on 127.0.0.1 and a UDP peer that answers by hand. */
class UserAgentClientTest {
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private EdgePort edgePort;
    private DatagramSocket peer;

    @BeforeEach
    void start() throws Exception {
        EdgePortConfig base = EdgePortConfig.of(List.of(new TransportSpec(Transport.UDP, "127.0.0.1", 0),
            new TransportSpec(Transport.TCP, "127.0.0.1", 0)));
        // T1 = 10 ms: timer F (64·T1) fires after 640 ms
        EdgePortConfig cfg = new EdgePortConfig(base.source(), base.ref(), base.apiVersion(), base.region(), base.bindAddr(),
            base.externalAddrs(), base.localnets(), base.methods(), base.unknownMethodAction(), base.processorAddr(),
            base.securityContext(), base.transports(), new Timers(10, 40, 50), base.limits());
        edgePort = new EdgePort(cfg, ctx -> CompletableFuture.completedFuture(Decision.respond(500, "unused")),
            new NumericResolver(blocking), 2);
        edgePort.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        edgePort.close();
        peer.close();
        blocking.shutdownNow();
    }

    @Test
    void sendsWithOurViaAndTheStampsContactAndCompletesWithTheFinalResponse() throws Exception {
        ListeningPoint udp = point(Transport.UDP);
        var reply = edgePort.userAgent().send(options("sip:127.0.0.1:" + peer.getLocalPort()),
            (r, origin) -> r.edit().add("Contact", "<" + origin.contact("tandem") + ">").build());

        DatagramPacket p = receive();
        SipRequest got = (SipRequest) parse(p);
        Via via = got.topVia();
        assertThat(via.transport()).isEqualTo("UDP");
        assertThat(via.host() + ":" + via.port()).isEqualTo(udp.hostPort());
        assertThat(via.branch()).startsWith("z9hG4bK");
        assertThat(got.header("Contact")).isEqualTo("<sip:tandem@" + udp.hostPort() + ">");
        assertThat(p.getPort()).as("sent from our listening point").isEqualTo(udp.port());

        answer(got, 100, p);
        assertThat(reply.toCompletableFuture().isDone()).as("a provisional response does not complete it").isFalse();
        answer(got, 200, p);
        assertThat(reply.toCompletableFuture().get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void eachRequestGetsAFreshBranch() throws Exception {
        String uri = "sip:127.0.0.1:" + peer.getLocalPort();
        edgePort.userAgent().send(options(uri));
        String first = ((SipRequest) parse(receive())).topVia().branch();
        edgePort.userAgent().send(options(uri).edit().set("CSeq", "2 OPTIONS").build());
        SipRequest second = (SipRequest) parse(receive());
        while (second.cseq().sequence() != 2) { // skip retransmissions of the first
            second = (SipRequest) parse(receive());
        }
        assertThat(second.topVia().branch()).isNotEqualTo(first);
    }

    @Test
    void aPeerThatNeverAnswersIs408() throws Exception {
        var reply = edgePort.userAgent().send(options("sip:127.0.0.1:" + peer.getLocalPort()));
        assertThat(reply.toCompletableFuture().get(10, TimeUnit.SECONDS).status()).isEqualTo(408);
    }

    @Test
    void aNextHopThatCannotBeReachedIs503() throws Exception {
        var reply = edgePort.userAgent().send(options("sip:127.0.0.1:" + Ports.free() + ";transport=tcp"));
        assertThat(reply.toCompletableFuture().get(10, TimeUnit.SECONDS).status()).isEqualTo(503);
    }

    @Test
    void refusesInvite() {
        SipRequest invite = (SipRequest) SipParser.parse(options("sip:127.0.0.1").toString()
            .replace("OPTIONS", "INVITE").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> edgePort.userAgent().send(invite)).isInstanceOf(IllegalArgumentException.class);
    }

    private ListeningPoint point(Transport t) {
        return edgePort.listeningPoints().stream().filter(lp -> lp.transport() == t).findFirst().orElseThrow();
    }

    private static SipRequest options(String uri) {
        String text = "OPTIONS " + uri + " SIP/2.0\r\n"
            + "From: <sip:tandem@127.0.0.1>;tag=uac1\r\n"
            + "To: <" + uri + ">\r\n"
            + "Call-ID: uac-" + System.nanoTime() + "@127.0.0.1\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n";
        return (SipRequest) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private DatagramPacket receive() throws Exception {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        peer.receive(p);
        return p;
    }

    private static SipMessage parse(DatagramPacket p) {
        return SipParser.parse(Arrays.copyOf(p.getData(), p.getLength()));
    }

    private void answer(SipRequest request, int status, DatagramPacket from) throws Exception {
        byte[] b = SipResponse.forRequest(request, status, "Whatever").edit().toTag("peer").build().toBytes();
        peer.send(new DatagramPacket(b, b.length, from.getSocketAddress()));
    }
}
