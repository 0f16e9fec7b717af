package io.tandem.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket listener that never answers must cost /readyz one short timeout, not the server's
 * idle timeout: the probe used to wait in HttpClient.close() for the open WebSocket to end.
 */
class SelfProbeTest {
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aWebSocketThatOpensButNeverAnswersTheOptionsIsNoAnswerWithinTheTimeout() throws Exception {
        int port = silentServer(true);
        String problem = assertTimeoutPreemptively(Duration.ofSeconds(6), () -> SelfProbe.probe(ws(port)));
        assertThat(problem).isEqualTo("WS " + port + ": no answer to OPTIONS within 2000 ms");
    }

    @Test
    void aWebSocketHandshakeThatNeverCompletesIsNoAnswerWithinTheTimeout() throws Exception {
        int port = silentServer(false);
        String problem = assertTimeoutPreemptively(Duration.ofSeconds(6), () -> SelfProbe.probe(ws(port)));
        assertThat(problem).startsWith("WS " + port + ": ");
    }

    private static ListeningPoint ws(int port) {
        return new ListeningPoint(Transport.WS, "127.0.0.1", port, "127.0.0.1", port);
    }

    /** Accepts connections and keeps them open; completes the WebSocket upgrade when {@code upgrade}, then stays silent. */
    private int silentServer(boolean upgrade) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread.ofVirtual().start(() -> serve(s, upgrade));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void serve(Socket s, boolean upgrade) {
        try {
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().contains("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                head.append((char) c);
            }
            if (upgrade) {
                Matcher key = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)").matcher(head);
                if (!key.find()) {
                    return;
                }
                byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\nSec-WebSocket-Protocol: sip\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            while (in.read() >= 0) {
                // read and say nothing
            }
        } catch (Exception e) {
            // closed by the test
        }
    }
}
