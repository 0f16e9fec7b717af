package io.tandem.edgeport.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.processor.Transport;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The tap sees the bytes of every message read and written, unparsable ones included, with both addresses. */
class MessageTapTest {
    record Tapped(MessageTap.Direction direction, Transport transport, InetSocketAddress local, InetSocketAddress remote,
                  String text, long micros) {
    }

    private final List<Tapped> tapped = new CopyOnWriteArrayList<>();
    private final MessageTap tap = (d, t, local, remote, bytes, micros) ->
        tapped.add(new Tapped(d, t, local, remote, new String(bytes, java.nio.charset.StandardCharsets.UTF_8), micros));

    @Test
    void udpInOutAndUnparsableWithAddressesAndTime() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        NettySipTransport transport = new NettySipTransport(EdgePortConfig.of(Fixture.specs("udp")), 1, true);
        transport.tap(tap);
        long before = System.currentTimeMillis() * 1000;
        try (transport; DatagramSocket c = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            transport.start(handler).toCompletableFuture().get();
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", transport.listeningPoints().get(0).port());
            byte[] req = Sip.bytes(Sip.request("UDP", "client.example.com:5070", "tap-1", "", ";rport"));
            c.send(new DatagramPacket(req, req.length, server));
            RecordingHandler.Received r = handler.next();
            r.flow().forResponse(r.message().topVia()).send(Sip.parse(Sip.response("UDP", "tap-1"))).toCompletableFuture().get();
            byte[] junk = Sip.bytes("not sip at all\r\n\r\n");
            c.send(new DatagramPacket(junk, junk.length, server));

            await().atMost(Duration.ofSeconds(5)).until(() -> tapped.size() == 3);
            assertThat(tapped).extracting(Tapped::direction)
                .containsExactly(MessageTap.Direction.IN, MessageTap.Direction.OUT, MessageTap.Direction.IN);
            Tapped in = tapped.get(0);
            assertThat(in.text()).startsWith("MESSAGE ").contains("Call-ID: tap-1");
            assertThat(in.transport()).isEqualTo(Transport.UDP);
            assertThat(in.remote()).isEqualTo(c.getLocalSocketAddress());
            assertThat(in.local()).isEqualTo(server);
            assertThat(in.micros()).isBetween(before - 1_000_000, System.currentTimeMillis() * 1000 + 1_000_000);
            assertThat(tapped.get(1).text()).startsWith("SIP/2.0 200 OK");
            assertThat(tapped.get(1).remote()).isEqualTo(c.getLocalSocketAddress());
            assertThat(tapped.get(2).text()).as("what does not parse is captured too").startsWith("not sip at all");
        }
    }

    @Test
    void tcpInAndOutOnTheConnection() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        NettySipTransport transport = new NettySipTransport(EdgePortConfig.of(Fixture.specs("tcp")), 1, true);
        transport.tap(tap);
        try (transport) {
            transport.start(handler).toCompletableFuture().get();
            int port = transport.listeningPoints().get(0).port();
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write(Sip.bytes(Sip.request("TCP", "tap-2")));
                out.flush();
                RecordingHandler.Received r = handler.next();
                r.flow().send(Sip.parse(Sip.response("TCP", "tap-2"))).toCompletableFuture().get();
                await().atMost(Duration.ofSeconds(5)).until(() -> tapped.size() == 2);
                assertThat(tapped.get(0).direction()).isEqualTo(MessageTap.Direction.IN);
                assertThat(tapped.get(0).local()).isEqualTo(new InetSocketAddress("127.0.0.1", port));
                assertThat(tapped.get(0).remote()).isEqualTo(s.getLocalSocketAddress());
                assertThat(tapped.get(1).direction()).isEqualTo(MessageTap.Direction.OUT);
                assertThat(tapped.get(1).transport()).isEqualTo(Transport.TCP);
                assertThat(tapped.get(1).text()).startsWith("SIP/2.0 200 OK");
            }
        }
    }

    @Test
    void aFailingTapCostsNoMessage() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        NettySipTransport transport = new NettySipTransport(EdgePortConfig.of(Fixture.specs("udp")), 1, true);
        transport.tap((d, t, l, r, b, m) -> {
            throw new IllegalStateException("broken tap");
        });
        try (transport; DatagramSocket c = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            transport.start(handler).toCompletableFuture().get();
            byte[] req = Sip.bytes(Sip.request("UDP", "tap-3"));
            c.send(new DatagramPacket(req, req.length, new InetSocketAddress("127.0.0.1", transport.listeningPoints().get(0).port())));
            assertThat(handler.next().message().callId()).isEqualTo("tap-3");
        }
    }
}
