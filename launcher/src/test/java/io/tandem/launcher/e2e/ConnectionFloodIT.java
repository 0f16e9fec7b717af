package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.launcher.e2e.AttackTools.LoadLock;
import io.tandem.testkit.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connection floods against {@code tandem run}: 10,000 idle TCP connections (100 sources of
 * 127.0.1.x, 100 each, opened below the per-source accept rate) are held, and a new legitimate
 * connection still gets its OPTIONS answered; a burst from one source beyond the accept rate
 * (20 a second per source, the default) is refused at accept. A source banned while connected
 * loses its open connections. The 10,000 need an open files limit above them (./test.sh raises it).
 */
class ConnectionFloodIT extends E2eFixture {
    static final int SOURCES = 100;
    static final int PER_SOURCE = 100;

    @Test
    void tenThousandIdleConnectionsAreHeldAndANewLegitimateOneIsServedAndABurstIsRefused() throws Exception {
        assertThat(openFilesLimit()).as("open files limit of the test JVM (tandem inherits it): raise it with ulimit -n 65536,"
            + " as ./test.sh does").isGreaterThanOrEqualTo(SOURCES * PER_SOURCE + 1000);
        int port = Ports.free();
        String http = freeHttp();
        Path config = SecurityIT.writeConfig(dir.resolve("config"), port, "trusted: [127.0.0.9]\n    connections: {acceptPerSecond: 5000}");
        write(config, "edgeport.yaml", java.nio.file.Files.readString(config.resolve("edgeport.yaml"))
            .replace("  transport:", "  limits: {maxConnections: 12000, maxConnectionsPerAddress: 200}\n  transport:"));
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http);
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", port);
        List<SocketChannel> idle = new ArrayList<>(SOURCES * PER_SOURCE);
        try (LoadLock lock = new LoadLock()) {
            long start = System.nanoTime();
            for (int round = 0; round < PER_SOURCE; round++) {
                long roundStart = System.nanoTime();
                for (int s = 1; s <= SOURCES; s++) {
                    idle.add(connect("127.0.1." + s, edge));
                }
                // at most 20 new connections per source per second: one a round, rounds 55 ms apart
                long wait = 55 - (System.nanoTime() - roundStart) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            System.out.printf("%d connections opened in %.1f s%n", idle.size(), (System.nanoTime() - start) / 1e9);
            Thread.sleep(1000);
            assertThat(closedByServer(idle)).as("idle connections the server closed").isZero();

            // a new, legitimate connection is accepted and served while the 10,000 are held
            try (SocketChannel legit = connect("127.0.0.1", edge)) {
                String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-legit\r\n"
                    + "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: legit-1\r\nCSeq: 1 OPTIONS\r\n"
                    + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                legit.write(ByteBuffer.wrap(options.getBytes(StandardCharsets.US_ASCII)));
                legit.socket().setSoTimeout(5000);
                byte[] answer = new byte[2048];
                int n = legit.socket().getInputStream().read(answer);
                assertThat(n).isPositive();
                assertThat(new String(answer, 0, n, StandardCharsets.US_ASCII)).startsWith("SIP/2.0 ").contains("Call-ID: legit-1");
            }

            // a burst of 60 connections from one source in well under a second: about 20 accepted, the rest refused
            List<SocketChannel> burst = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                burst.add(connect("127.0.2.1", edge));
            }
            Thread.sleep(500);
            int refused = closedByServer(burst);
            burst.forEach(ConnectionFloodIT::close);
            assertThat(refused).as("refused of the burst of 60").isBetween(30, 45);
            assertThat(closedByServer(idle)).as("the idle ones are still held").isZero();
        } finally {
            idle.forEach(ConnectionFloodIT::close);
        }
        String bans = tandem.get("/bans").body();
        assertThat(bans).containsPattern("(?m)^# tandem_security_refused_total\\{rule=\"accept-rate\"\\} (3\\d|4[0-5])$");
    }

    /**
     * A source banned while connected (here by the flood rule, over its own TCP connection) loses
     * the connections it has, the idle one too; another source's connection stays.
     */
    @Test
    void aSourceBannedWhileConnectedHasItsOpenConnectionsClosed() throws Exception {
        int port = Ports.free();
        String http = freeHttp();
        Path config = SecurityIT.writeConfig(dir.resolve("config"), port, "trusted: [127.0.0.9]");
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http);
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", port);
        try (SocketChannel idle = connect("127.0.3.1", edge); SocketChannel flooding = connect("127.0.3.1", edge);
             SocketChannel bystander = connect("127.0.3.2", edge)) {
            for (int i = 0; i < 40 && flooding.isOpen(); i++) { // the flood limit is 30 requests in 2 s
                String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.3.1:9;branch=z9hG4bK-f" + i
                    + "\r\nFrom: <sip:probe@127.0.3.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: flood-" + i
                    + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                try {
                    flooding.write(ByteBuffer.wrap(options.getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException reset) {
                    break; // closed by the ban
                }
            }
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (closedByServer(List.of(idle, flooding)) < 2 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(closedByServer(List.of(idle, flooding))).as("the banned source's connections closed; bans and counters:%n%s",
                tandem.get("/bans").body()).isEqualTo(2);
            assertThat(closedByServer(List.of(bystander))).as("the other source's connection").isZero();
        }
        String bans = tandem.get("/bans").body();
        assertThat(bans).containsPattern("(?m)^127\\.0\\.3\\.1\tflood\t")
            .containsPattern("(?m)^# tandem_security_closed_total\\{rule=\"ban\"\\} 2$");
    }

    /** The soft limit of open files of this process (Linux: /proc/self/limits), or MAX_VALUE when unknown. */
    private static long openFilesLimit() throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!java.nio.file.Files.exists(limits)) {
            return Long.MAX_VALUE;
        }
        for (String line : java.nio.file.Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }

    private static SocketChannel connect(String source, InetSocketAddress server) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.bind(new InetSocketAddress(source, 0));
        ch.connect(server);
        return ch;
    }

    /** Connections that the server has closed (read gives end of stream or a reset). */
    private static int closedByServer(List<SocketChannel> channels) throws IOException {
        int closed = 0;
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (SocketChannel ch : channels) {
            ch.configureBlocking(false);
            try {
                int n;
                do { // past the responses still waiting to be read, to the end of the stream
                    buf.clear();
                    n = ch.read(buf);
                } while (n > 0);
                if (n < 0) {
                    closed++;
                }
            } catch (IOException reset) {
                closed++;
            }
            ch.configureBlocking(true);
        }
        return closed;
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
