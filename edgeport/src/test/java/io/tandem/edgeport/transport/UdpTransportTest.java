package io.tandem.edgeport.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.Limits;
import io.tandem.processor.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UdpTransportTest {
    private static DatagramSocket client(String host) throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(host, 0));
        s.setSoTimeout(5000);
        return s;
    }

    private static void send(DatagramSocket s, String text, InetSocketAddress to) throws Exception {
        byte[] b = Sip.bytes(text);
        s.send(new DatagramPacket(b, b.length, to));
    }

    private static String receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return Sip.text(buf, p.getLength());
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void receivesADatagramAndAnswersToTheSourcePortWhenRportIsAsked(boolean preferNative) throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("udp")), preferNative);
             DatagramSocket c = client("127.0.0.1")) {
            assertThat(f.transport.isNative()).isEqualTo(preferNative && Epoll.isAvailable());
            send(c, Sip.request("UDP", "client.example.com:5070", "u1", "hi", ";rport"), f.address(Transport.UDP));

            RecordingHandler.Received r = f.handler.next();
            assertThat(r.message().callId()).isEqualTo("u1");
            assertThat(r.message().bodyText()).isEqualTo("hi");
            assertThat(r.flow().transport()).isEqualTo(Transport.UDP);
            assertThat(r.flow().remote()).isEqualTo(c.getLocalSocketAddress());
            assertThat(r.flow().local().port()).isEqualTo(f.address(Transport.UDP).getPort());
            assertThat(f.stats().messagesIn(Transport.UDP)).isEqualTo(1);

            Flow back = r.flow().forResponse(r.message().topVia());
            assertThat(back.remote()).isEqualTo(c.getLocalSocketAddress());
            back.send(Sip.parse(Sip.response("UDP", "u1"))).toCompletableFuture().get();
            assertThat(receive(c)).startsWith("SIP/2.0 200 OK").contains("Call-ID: u1");
            assertThat(f.stats().messagesOut(Transport.UDP)).isEqualTo(1);
        }
    }

    @Test
    void withoutRportTheResponseGoesToTheSentByPort() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("udp")));
             DatagramSocket c = client("127.0.0.1");
             DatagramSocket sentBy = client("127.0.0.1")) {
            send(c, Sip.request("UDP", "127.0.0.1:" + sentBy.getLocalPort(), "u2", "x", ""), f.address(Transport.UDP));
            RecordingHandler.Received r = f.handler.next();
            Flow back = r.flow().forResponse(r.message().topVia());
            assertThat(back.remote()).isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), sentBy.getLocalPort()));
            back.send(Sip.parse(Sip.response("UDP", "u2"))).toCompletableFuture().get();
            assertThat(receive(sentBy)).contains("Call-ID: u2");

            send(c, Sip.request("UDP", "client.example.com", "u3", "x", ""), f.address(Transport.UDP));
            r = f.handler.next();
            assertThat(r.flow().forResponse(r.message().topVia()).remote().getPort()).isEqualTo(5060);
        }
    }

    @Test
    void ipv6() throws Exception {
        assumeTrue(Sip.hasIpv6Loopback(), "no IPv6 loopback");
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("udp", "udp6")));
             DatagramSocket c = client("::1")) {
            send(c, Sip.request("UDP", "[::1]:5070", "v6", "x", ";rport"), f.address6(Transport.UDP));
            RecordingHandler.Received r = f.handler.next();
            assertThat(r.flow().remote()).isEqualTo(c.getLocalSocketAddress());
            assertThat(r.flow().local().bindHost()).isEqualTo("::1");
            r.flow().forResponse(r.message().topVia()).send(Sip.parse(Sip.response("UDP", "v6"))).toCompletableFuture().get();
            assertThat(receive(c)).contains("Call-ID: v6");

            // flowTo picks the socket of the destination's family
            Flow out = f.transport.flowTo(Transport.UDP, (InetSocketAddress) c.getLocalSocketAddress()).toCompletableFuture().get();
            assertThat(out.local().bindHost()).isEqualTo("::1");
            out.send(Sip.parse(Sip.request("UDP", "out6"))).toCompletableFuture().get();
            assertThat(receive(c)).contains("Call-ID: out6");
        }
    }

    @Test
    void flowToSendsFromTheListeningSocket() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("udp")));
             DatagramSocket peer = client("127.0.0.1")) {
            Flow flow = f.transport.flowTo(Transport.UDP, (InetSocketAddress) peer.getLocalSocketAddress()).toCompletableFuture().get();
            assertThat(flow.isOpen()).isTrue();
            flow.send(Sip.parse(Sip.request("UDP", "out1"))).toCompletableFuture().get();
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            peer.receive(p);
            assertThat(Sip.text(buf, p.getLength())).contains("Call-ID: out1");
            assertThat(p.getPort()).isEqualTo(f.address(Transport.UDP).getPort()); // from our listening port
        }
    }

    @Test
    void overSizeDatagramsAreDroppedAndUnparsableOnesReported() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("udp")).withLimits(new Limits(10, 10, 1024, 60));
        try (Fixture f = new Fixture(cfg); DatagramSocket c = client("127.0.0.1")) {
            send(c, Sip.request("UDP", "client.example.com", "big", "x".repeat(2000), ""), f.address(Transport.UDP));
            send(c, "this is not SIP\r\n\r\n", f.address(Transport.UDP));
            send(c, "\r\n\r\n", f.address(Transport.UDP)); // keep-alive: ignored
            byte[] stun = new byte[20]; // STUN binding request header (RFC 5389 §6): ignored
            stun[1] = 0x01;
            stun[4] = 0x21;
            stun[5] = 0x12;
            stun[6] = (byte) 0xA4;
            stun[7] = 0x42;
            c.send(new DatagramPacket(stun, stun.length, f.address(Transport.UDP)));
            send(c, Sip.request("UDP", "small"), f.address(Transport.UDP));
            assertThat(f.handler.next().message().callId()).isEqualTo("small");
            assertThat(f.handler.unparsable).hasSize(1);
            assertThat(f.stats().oversize()).isEqualTo(1);
            assertThat(f.stats().parseErrors()).isEqualTo(1);
            assertThat(f.handler.messages).isEmpty();
        }
    }

    @Test
    void manySourcesAreAllRead() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("udp")))) {
            Set<DatagramSocket> clients = new HashSet<>();
            try {
                for (int i = 0; i < 16; i++) {
                    DatagramSocket c = client("127.0.0.1");
                    clients.add(c);
                    send(c, Sip.request("UDP", "m" + i), f.address(Transport.UDP));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> f.handler.messages.size() == 16);
            } finally {
                clients.forEach(DatagramSocket::close);
            }
        }
    }
}
