package io.tandem.edgeport.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.SecurityContext;
import io.tandem.processor.Transport;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NettySipTransport#closeConnections}: what a new ban does to the connections its source already has. */
class ClosingConnectionsTest {
    @TempDir
    Path dir;

    @Test
    void tcpTlsAndWebSocketConnectionsOfOnePeerAreClosedOthersStay() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("tcp", "tls", "ws"))
            .withSecurityContext(SecurityContext.pem(certs.certificatePem, certs.privateKeyPem));
        try (Fixture f = new Fixture(cfg); HttpClient http = HttpClient.newHttpClient()) {
            Socket tcp = new Socket(f.address(Transport.TCP).getAddress(), f.address(Transport.TCP).getPort(),
                InetAddress.getByName("127.0.0.7"), 0);
            SSLSocket tls = (SSLSocket) certs.clientContext("TLS").getSocketFactory().createSocket(
                f.address(Transport.TLS).getAddress(), f.address(Transport.TLS).getPort(), InetAddress.getByName("127.0.0.7"), 0);
            tls.startHandshake();
            WebSocketTransportTest.Client client = new WebSocketTransportTest.Client();
            WebSocket ws = http.newWebSocketBuilder().subprotocols("sip")
                .buildAsync(URI.create("ws://127.0.0.1:" + f.address(Transport.WS).getPort() + "/"), client).get(5, TimeUnit.SECONDS);
            Socket other = new Socket(f.address(Transport.TCP).getAddress(), f.address(Transport.TCP).getPort(),
                InetAddress.getByName("127.0.0.8"), 0);
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (f.transport.openConnections() < 4 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(f.transport.openConnections()).isEqualTo(4);

            // the WebSocket client's source is 127.0.0.1 (the JDK client cannot bind one): two networks banned
            int closed = f.transport.closeConnections(a -> a.getHostAddress().equals("127.0.0.7")
                || a.getHostAddress().equals("127.0.0.1"));
            assertThat(closed).isEqualTo(3);
            tcp.setSoTimeout(5000);
            tls.setSoTimeout(5000);
            assertThat(tcp.getInputStream().read()).as("TCP closed").isEqualTo(-1);
            assertThat(tls.getInputStream().read()).as("TLS closed").isEqualTo(-1);
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).as("WebSocket closed").isNotNull();
            end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (f.transport.openConnections() > 1 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(f.transport.openConnections()).as("the other peer's connection stays").isEqualTo(1);
            assertThat(ws.isInputClosed() || client.closed.isDone()).isTrue();
            other.close();
            tcp.close();
            tls.close();
        }
    }
}
