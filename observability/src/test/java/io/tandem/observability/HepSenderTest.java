package io.tandem.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tandem.edgeport.transport.MessageTap;
import io.tandem.observability.hep.HepCollector;
import io.tandem.observability.hep.HepSender;
import io.tandem.observability.hep.HepTap;
import io.tandem.processor.Transport;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HEP packets reach a real collector socket over UDP (a datagram each) and TCP (a stream, re-opened
 * when lost), written by the tap on the calling thread and flushed by the sender's loop.
 */
class HepSenderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void overTcpEveryPacketArrivesInOrderOnOneStream() throws Exception {
        try (ServerSocket collector = new ServerSocket(0, 5, LOOPBACK);
             HepTap q = new HepTap(new HepSender(new HepCollector(true, (InetSocketAddress) collector.getLocalSocketAddress())), 7, null)) {
            HepSender hep = q.sender();
            collector.setSoTimeout(5000);
            try (Socket s = collector.accept()) {
                s.setSoTimeout(5000);
                await().atMost(Duration.ofSeconds(5)).until(hep::connected);
                send(q, 0, 500);
                List<String> callIds = readStream(new DataInputStream(s.getInputStream()), 500);
                assertThat(callIds).hasSize(500).first().isEqualTo("hep-0");
                assertThat(callIds.get(499)).isEqualTo("hep-499");
                await().atMost(Duration.ofSeconds(5)).until(() -> hep.sent() == 500);
                assertThat(hep.lost()).isZero();
            }
        }
    }

    @Test
    void eachThreadsPacketsArriveInItsOrderAndAMessageTooLargeForHepIsCountedLost() throws Exception {
        try (ServerSocket collector = new ServerSocket(0, 5, LOOPBACK);
             HepTap q = new HepTap(new HepSender(new HepCollector(true, (InetSocketAddress) collector.getLocalSocketAddress())), 7, null)) {
            collector.setSoTimeout(5000);
            try (Socket s = collector.accept()) {
                s.setSoTimeout(5000);
                await().atMost(Duration.ofSeconds(5)).until(q.sender()::connected);
                Thread a = Thread.ofPlatform().start(() -> send(q, 0, 300));
                Thread b = Thread.ofPlatform().start(() -> send(q, 1000, 300));
                a.join();
                b.join();
                q.message(MessageTap.Direction.IN, Transport.TCP, Messages.TANDEM, Messages.CALLER, new byte[70_000], 0);
                List<String> ids = readStream(new DataInputStream(s.getInputStream()), 600);
                List<String> fromA = ids.stream().filter(id -> Integer.parseInt(id.substring(4)) < 1000).toList();
                List<String> fromB = ids.stream().filter(id -> Integer.parseInt(id.substring(4)) >= 1000).toList();
                assertThat(fromA).hasSize(300).first().isEqualTo("hep-0");
                assertThat(fromA).last().isEqualTo("hep-299");
                assertThat(fromB).hasSize(300).first().isEqualTo("hep-1000");
                assertThat(fromB).isSortedAccordingTo(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(4))));
                await().atMost(Duration.ofSeconds(5)).until(() -> q.sender().sent() == 600);
                assertThat(q.sender().lost()).as("the 70,000-byte message").isEqualTo(1);
            }
        }
    }

    @Test
    void eachEventLoopsLaneIsHandedOffFromItsOwnLoopInOrderAndDrainTakesWhatIsLeft() throws Exception {
        io.netty.channel.DefaultEventLoopGroup loops = new io.netty.channel.DefaultEventLoopGroup(2);
        try (ServerSocket collector = new ServerSocket(0, 5, LOOPBACK);
             HepTap q = new HepTap(new HepSender(new HepCollector(true, (InetSocketAddress) collector.getLocalSocketAddress())), 7, "pw")) {
            collector.setSoTimeout(5000);
            try (Socket s = collector.accept()) {
                s.setSoTimeout(5000);
                await().atMost(Duration.ofSeconds(5)).until(q.sender()::connected);
                io.netty.channel.EventLoop a = loops.next();
                io.netty.channel.EventLoop b = loops.next();
                // in slices, so that some go in separate flushes: each loop hands its lane off on its own
                for (int k = 0; k < 4; k++) {
                    int slice = k;
                    a.submit(() -> send(q, slice * 100, 100)).get();
                    b.submit(() -> send(q, 1000 + slice * 100, 100)).get();
                    Thread.sleep(slice * 15L);
                }
                assertThat(q.drain(5000)).isTrue();
                List<String> ids = readStream(new DataInputStream(s.getInputStream()), 800);
                List<String> fromA = ids.stream().filter(id -> Integer.parseInt(id.substring(4)) < 1000).toList();
                List<String> fromB = ids.stream().filter(id -> Integer.parseInt(id.substring(4)) >= 1000).toList();
                java.util.Comparator<String> byNumber = java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(4)));
                assertThat(fromA).hasSize(400).isSortedAccordingTo(byNumber).first().isEqualTo("hep-0");
                assertThat(fromB).hasSize(400).isSortedAccordingTo(byNumber).last().isEqualTo("hep-1399");
                await().atMost(Duration.ofSeconds(5)).until(() -> q.sender().sent() == 800);
                assertThat(q.sender().lost()).isZero();
            }
        } finally {
            loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void overTcpCapturesAreLostWhileTheCollectorIsDownAndFlowAgainOnceItIsBack() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 5, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        try (HepTap q = new HepTap(new HepSender(new HepCollector(true, new InetSocketAddress(LOOPBACK, port))), 7, null)) {
            HepSender hep = q.sender();
            send(q, 0, 50);
            assertThat(q.drain(5000)).isTrue();
            assertThat(hep.lost()).as("nobody listens").isEqualTo(50);
            try (ServerSocket collector = new ServerSocket(port, 5, LOOPBACK)) {
                collector.setSoTimeout(5000);
                try (Socket s = collector.accept()) { // the sender tries again every second
                    s.setSoTimeout(5000);
                    await().atMost(Duration.ofSeconds(5)).until(hep::connected);
                    send(q, 50, 10);
                    assertThat(readStream(new DataInputStream(s.getInputStream()), 10)).startsWith("hep-50").endsWith("hep-59");
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> hep.sent() == 10);
        }
    }

    @Test
    void overUdpEachPacketIsADatagram() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             HepTap q = new HepTap(new HepSender(new HepCollector(false, (InetSocketAddress) collector.getLocalSocketAddress())), 7, null)) {
            HepSender hep = q.sender();
            collector.setSoTimeout(5000);
            collector.setReceiveBufferSize(1 << 20);
            send(q, 0, 100);
            byte[] buf = new byte[65_535];
            for (int i = 0; i < 100; i++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                collector.receive(p);
                assertThat(new String(buf, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("HEP3");
                assertThat(((buf[4] & 0xff) << 8 | (buf[5] & 0xff))).as("the length field").isEqualTo(p.getLength());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> hep.sent() == 100);
        }
    }

    @Test
    void collectorAddressesNameTheTransport() {
        assertThat(HepCollector.parse("127.0.0.1:9060")).isEqualTo(new HepCollector(false, new InetSocketAddress("127.0.0.1", 9060)));
        assertThat(HepCollector.parse("udp:127.0.0.1:9060").tcp()).isFalse();
        assertThat(HepCollector.parse("tcp:[::1]:9061")).isEqualTo(new HepCollector(true, new InetSocketAddress("::1", 9061)));
        assertThat(HepCollector.parse("tcp:127.0.0.1:9060").toString()).isEqualTo("tcp:127.0.0.1:9060");
        assertThatThrownBy(() -> HepCollector.parse("tcp:127.0.0.1")).hasMessageContaining("--hep: 'tcp:127.0.0.1' is not HOST:PORT");
        assertThatThrownBy(() -> HepCollector.parse("127.0.0.1:x")).hasMessageContaining("the port is not a number");
        assertThatThrownBy(() -> HepCollector.parse("127.0.0.1:70000")).hasMessageContaining("not between 1 and 65535");
    }

    private static void send(HepTap q, int from, int n) {
        for (int i = from; i < from + n; i++) {
            q.message(MessageTap.Direction.IN, Transport.UDP, Messages.TANDEM, Messages.CALLER,
                Messages.bytes(Messages.request("OPTIONS", "hep-" + i, "z9hG4bK" + i, 1)), i);
        }
    }

    /** Reads {@code n} HEP3 packets framed by their own length; returns their correlation ids (chunk 17). */
    private static List<String> readStream(DataInputStream in, int n) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] head = new byte[6];
            in.readFully(head);
            assertThat(new String(head, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("HEP3");
            byte[] rest = new byte[((head[4] & 0xff) << 8 | (head[5] & 0xff)) - 6];
            in.readFully(rest);
            for (int at = 0; at < rest.length; ) {
                int type = (rest[at + 2] & 0xff) << 8 | (rest[at + 3] & 0xff);
                int length = (rest[at + 4] & 0xff) << 8 | (rest[at + 5] & 0xff);
                if (type == 17) {
                    ids.add(new String(rest, at + 6, length - 6, StandardCharsets.UTF_8));
                }
                at += length;
            }
        }
        return ids;
    }
}
