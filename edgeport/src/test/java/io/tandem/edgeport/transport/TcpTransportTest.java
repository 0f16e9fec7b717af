package io.tandem.edgeport.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.ChannelOption;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.Limits;
import io.tandem.processor.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpTransportTest {
    static Socket connect(InetSocketAddress to) throws Exception {
        Socket s = new Socket();
        s.connect(to, 5000);
        s.setSoTimeout(5000);
        return s;
    }

    /** Reads until {@code marker} has been seen (or EOF). */
    static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        while (!sb.toString().contains(marker)) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            sb.append(Sip.text(buf, n));
        }
        return sb.toString();
    }

    /** True once the peer has closed (read returns -1, or the connection was reset). */
    static boolean closedByPeer(Socket s) {
        try {
            return s.getInputStream().read() < 0;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void framesAMessageSplitAcrossWritesAndTwoInOneWrite(boolean preferNative) throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("tcp")), preferNative);
             Socket s = connect(f.address(Transport.TCP))) {
            OutputStream out = s.getOutputStream();
            byte[] one = Sip.bytes(Sip.request("TCP", "split"));
            for (int i = 0; i < one.length; i += 7) { // in 7-byte pieces
                out.write(one, i, Math.min(7, one.length - i));
                out.flush();
                Thread.sleep(1);
            }
            RecordingHandler.Received r = f.handler.next();
            assertThat(r.message().callId()).isEqualTo("split");
            assertThat(r.message().bodyText()).isEqualTo("hello split");
            assertThat(r.flow().remote()).isEqualTo(s.getLocalSocketAddress());

            out.write(Sip.bytes(Sip.request("TCP", "two-a") + Sip.request("TCP", "two-b")));
            out.flush();
            assertThat(f.handler.next().message().callId()).isEqualTo("two-a");
            RecordingHandler.Received b = f.handler.next();
            assertThat(b.message().callId()).isEqualTo("two-b");
            assertThat(b.flow()).isSameAs(r.flow());
            assertThat(f.stats().messagesIn(Transport.TCP)).isEqualTo(3);
        }
    }

    @Test
    void answersADoubleCrlfPingWithCrlf() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("tcp")));
             Socket s = connect(f.address(Transport.TCP))) {
            s.getOutputStream().write(Sip.bytes("\r\n\r\n"));
            byte[] pong = s.getInputStream().readNBytes(2);
            assertThat(pong).containsExactly('\r', '\n');
            s.getOutputStream().write(Sip.bytes("\r\n" + Sip.request("TCP", "after-pong")));
            assertThat(f.handler.next().message().callId()).isEqualTo("after-pong");
            assertThat(f.handler.unparsable).isEmpty();
        }
    }

    @Test
    void flowToReusesTheConnectionTheClientOpenedAndCloseIsReported() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("tcp")))) {
            Socket s = connect(f.address(Transport.TCP));
            s.getOutputStream().write(Sip.bytes(Sip.request("TCP", "reuse")));
            RecordingHandler.Received r = f.handler.next();
            r.flow().forResponse(r.message().topVia()).send(Sip.parse(Sip.response("TCP", "reuse"))).toCompletableFuture().get();
            assertThat(readUntil(s.getInputStream(), "Content-Length: 0\r\n\r\n")).startsWith("SIP/2.0 200 OK");

            Flow again = f.transport.flowTo(Transport.TCP, (InetSocketAddress) s.getLocalSocketAddress()).toCompletableFuture().get();
            assertThat(again).isSameAs(r.flow());
            again.send(Sip.parse(Sip.request("TCP", "in-dialog"))).toCompletableFuture().get();
            assertThat(readUntil(s.getInputStream(), "hello in-dialog")).contains("Call-ID: in-dialog");
            assertThat(f.transport.openConnections()).isEqualTo(1);

            s.close();
            assertThat(f.handler.nextClosed()).isSameAs(r.flow());
            assertThat(r.flow().isOpen()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> f.transport.openConnections() == 0);
        }
    }

    @Test
    void connectsOutwardAndReusesThatConnection() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("tcp")));
             ServerSocket peer = new ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"))) {
            peer.setSoTimeout(5000);
            InetSocketAddress dest = new InetSocketAddress("127.0.0.1", peer.getLocalPort());
            var first = f.transport.flowTo(Transport.TCP, dest).toCompletableFuture();
            var second = f.transport.flowTo(Transport.TCP, dest).toCompletableFuture(); // shares the pending connect
            try (Socket accepted = peer.accept()) {
                accepted.setSoTimeout(5000);
                Flow flow = first.get();
                assertThat(second.get()).isSameAs(flow);
                assertThat(flow.remote()).isEqualTo(dest);
                flow.send(Sip.parse(Sip.request("TCP", "outbound"))).toCompletableFuture().get();
                assertThat(readUntil(accepted.getInputStream(), "hello outbound")).contains("Call-ID: outbound");

                accepted.getOutputStream().write(Sip.bytes(Sip.response("TCP", "outbound")));
                RecordingHandler.Received r = f.handler.next();
                assertThat(r.message().isRequest()).isFalse();
                assertThat(r.flow()).isSameAs(flow);
                assertThat(f.transport.flowTo(Transport.TCP, dest).toCompletableFuture().get()).isSameAs(flow);
            }
            assertThat(f.handler.nextClosed().remote()).isEqualTo(dest);
        }
    }

    @Test
    void aFailedConnectFailsTheStage() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("tcp")))) {
            int unused;
            try (ServerSocket s = new ServerSocket(0)) {
                unused = s.getLocalPort();
            }
            var stage = f.transport.flowTo(Transport.TCP, new InetSocketAddress("127.0.0.1", unused)).toCompletableFuture();
            assertThat(stage).failsWithin(Duration.ofSeconds(5));
            assertThat(f.transport.flowTo(Transport.TLS, new InetSocketAddress("127.0.0.1", unused)).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1)); // no TLS listening point
        }
    }

    @Test
    void enforcesPerAddressAndTotalConnectionLimits() throws Exception {
        EdgePortConfig perAddress = EdgePortConfig.of(Fixture.specs("tcp")).withLimits(new Limits(100, 2, 65535, 60));
        try (Fixture f = new Fixture(perAddress)) {
            Socket a = connect(f.address(Transport.TCP));
            try (Socket b = connect(f.address(Transport.TCP)); Socket c = connect(f.address(Transport.TCP))) {
                assertThat(closedByPeer(c)).isTrue();
                assertThat(f.stats().refusedConnections()).isEqualTo(1);
                b.getOutputStream().write(Sip.bytes(Sip.request("TCP", "still-ok")));
                assertThat(f.handler.next().message().callId()).isEqualTo("still-ok");
                a.close();
                await().atMost(Duration.ofSeconds(5)).until(() -> f.transport.openConnections() == 1);
                try (Socket d = connect(f.address(Transport.TCP))) { // a slot is free again
                    d.getOutputStream().write(Sip.bytes(Sip.request("TCP", "d")));
                    assertThat(f.handler.next().message().callId()).isEqualTo("d");
                }
            }
        }
        EdgePortConfig total = EdgePortConfig.of(Fixture.specs("tcp")).withLimits(new Limits(1, 100, 65535, 60));
        try (Fixture f = new Fixture(total); Socket a = connect(f.address(Transport.TCP))) {
            a.getOutputStream().write(Sip.bytes(Sip.request("TCP", "first")));
            assertThat(f.handler.next().message().callId()).isEqualTo("first");
            try (Socket b = connect(f.address(Transport.TCP))) {
                assertThat(closedByPeer(b)).isTrue();
            }
            assertThat(f.stats().refusedConnections()).isEqualTo(1);
            assertThat(f.stats().acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void closesIdleConnections() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("tcp")).withLimits(new Limits(100, 100, 65535, 1));
        try (Fixture f = new Fixture(cfg); Socket s = connect(f.address(Transport.TCP))) {
            s.getOutputStream().write(Sip.bytes(Sip.request("TCP", "idle")));
            Flow flow = f.handler.next().flow();
            assertThat(closedByPeer(s)).isTrue(); // within the 5 s read timeout
            assertThat(f.handler.nextClosed()).isSameAs(flow);
        }
    }

    @Test
    void overSizeMessageClosesTheConnectionAndBadOnesAreReported() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("tcp")).withLimits(new Limits(100, 100, 1024, 60));
        try (Fixture f = new Fixture(cfg); Socket s = connect(f.address(Transport.TCP))) {
            // framed but unparsable (no CSeq, bad request line): reported, connection kept
            s.getOutputStream().write(Sip.bytes("GARBAGE\r\nContent-Length: 0\r\n\r\n"));
            assertThat(f.handler.unparsable.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            s.getOutputStream().write(Sip.bytes(Sip.request("TCP", "ok")));
            assertThat(f.handler.next().message().callId()).isEqualTo("ok");

            s.getOutputStream().write(Sip.bytes(Sip.request("TCP", "client", "huge", "y".repeat(3000), "")));
            assertThat(closedByPeer(s)).isTrue();
            assertThat(f.stats().oversize()).isEqualTo(1);
            assertThat(f.stats().parseErrors()).isEqualTo(1);
            f.handler.nextClosed();
        }
    }

    @Test
    void startFailsNamingTheListenerThatCannotBind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"))) {
            EdgePortConfig cfg = EdgePortConfig.of(java.util.List.of(
                new io.tandem.edgeport.config.TransportSpec(Transport.UDP, "127.0.0.1", 0),
                new io.tandem.edgeport.config.TransportSpec(Transport.TCP, "127.0.0.1", taken.getLocalPort())));
            try (NettySipTransport t = new NettySipTransport(cfg, 1, true)) {
                assertThat(t.start(new RecordingHandler()).toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat().withMessageContaining("cannot bind tcp on 127.0.0.1:" + taken.getLocalPort());
            }
        }
    }

    @Test
    void ipv6() throws Exception {
        assumeTrue(Sip.hasIpv6Loopback(), "no IPv6 loopback");
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("tcp", "tcp6")));
             Socket s = connect(f.address6(Transport.TCP))) {
            s.getOutputStream().write(Sip.bytes(Sip.request("TCP", "[::1]:5070", "v6", "x", "")));
            RecordingHandler.Received r = f.handler.next();
            assertThat(r.flow().remote()).isEqualTo(s.getLocalSocketAddress());
            assertThat(r.flow().local().bindHost()).isEqualTo("::1");
            Flow same = f.transport.flowTo(Transport.TCP, (InetSocketAddress) s.getLocalSocketAddress()).toCompletableFuture().get();
            assertThat(same).isSameAs(r.flow());
        }
    }

    /**
     * Accepted and outbound connections get the large receive buffer (a small one dropped
     * segments under load and stalled TCP for 13 s). What Linux grants is capped by rmem_max.
     */
    @Test
    void connectionsGetTheLargeReceiveBuffer() throws Exception {
        Path rmemMax = Path.of("/proc/sys/net/core/rmem_max");
        int expected = (int) Math.min(NettySipTransport.RCVBUF, Files.exists(rmemMax) ? Long.parseLong(Files.readString(rmemMax).trim()) : Long.MAX_VALUE);
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("tcp")));
             Socket s = connect(f.address(Transport.TCP));
             ServerSocket peer = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            s.getOutputStream().write(Sip.bytes(Sip.request("TCP", "rcvbuf")));
            StreamFlow accepted = (StreamFlow) f.handler.next().flow();
            assertThat(accepted.channel().config().getOption(ChannelOption.SO_RCVBUF)).isGreaterThanOrEqualTo(expected);

            var outbound = f.transport.flowTo(Transport.TCP, new InetSocketAddress("127.0.0.1", peer.getLocalPort())).toCompletableFuture();
            try (Socket ignored = peer.accept()) {
                StreamFlow out = (StreamFlow) outbound.get();
                assertThat(out.channel().config().getOption(ChannelOption.SO_RCVBUF)).isGreaterThanOrEqualTo(expected);
            }
        }
    }
}
