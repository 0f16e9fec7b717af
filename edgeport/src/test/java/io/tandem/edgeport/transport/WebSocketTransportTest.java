package io.tandem.edgeport.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.Limits;
import io.tandem.edgeport.config.SecurityContext;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketTransportTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = new TestCertificates(dir);
    }

    /** Collects whole text messages and the close. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial = new StringBuilder();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }

        String next() throws InterruptedException {
            String s = texts.poll(5, TimeUnit.SECONDS);
            assertThat(s).as("a text frame within 5 s").isNotNull();
            return s;
        }
    }

    private static WebSocket open(HttpClient http, String uri, Client c, String... subprotocols) throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0]);
        }
        return b.buildAsync(URI.create(uri), c).get(5, TimeUnit.SECONDS);
    }

    private static void exchange(Fixture f, HttpClient http, String scheme, Transport t) throws Exception {
        InetSocketAddress at = f.address(t);
        Client c = new Client();
        WebSocket ws = open(http, scheme + "://127.0.0.1:" + at.getPort() + "/sip", c, "sip");
        assertThat(ws.getSubprotocol()).isEqualTo("sip");
        ws.sendText(Sip.request(t.name(), "ws-" + scheme), true).get(5, TimeUnit.SECONDS);
        RecordingHandler.Received r = f.handler.next();
        assertThat(r.message().callId()).isEqualTo("ws-" + scheme);
        assertThat(r.flow().transport()).isEqualTo(t);
        r.flow().forResponse(r.message().topVia()).send(Sip.parse(Sip.response(t.name(), "ws-" + scheme))).toCompletableFuture().get();
        assertThat(c.next()).startsWith("SIP/2.0 200 OK").contains("Call-ID: ws-" + scheme);

        ws.sendBinary(ByteBuffer.wrap(Sip.bytes(Sip.request(t.name(), "binary"))), true).get(5, TimeUnit.SECONDS);
        RecordingHandler.Received b = f.handler.next();
        assertThat(b.message().callId()).isEqualTo("binary");
        assertThat(b.flow()).isSameAs(r.flow());
        assertThat(f.transport.flowTo(t, r.flow().remote()).toCompletableFuture().get()).isSameAs(r.flow());

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(f.handler.nextClosed()).isSameAs(r.flow());
    }

    @Test
    void ws() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("ws")))) {
            exchange(f, HttpClient.newHttpClient(), "ws", Transport.WS);
            assertThat(f.stats().messagesIn(Transport.WS)).isEqualTo(2);
            assertThat(f.stats().messagesOut(Transport.WS)).isEqualTo(1);
        }
    }

    @Test
    void wss() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("wss"))
            .withSecurityContext(SecurityContext.pkcs12(certs.keyStore, TestCertificates.PASSWORD));
        try (Fixture f = new Fixture(cfg)) {
            exchange(f, HttpClient.newBuilder().sslContext(certs.clientContext("TLS")).build(), "wss", Transport.WSS);
        }
    }

    @Test
    void aClientThatDoesNotAskForTheSipSubprotocolIsClosed() throws Exception {
        try (Fixture f = new Fixture(EdgePortConfig.of(Fixture.specs("ws")))) {
            Client c = new Client();
            WebSocket ws = open(HttpClient.newHttpClient(), "ws://127.0.0.1:" + f.address(Transport.WS).getPort() + "/", c);
            ws.sendText(Sip.request("WS", "no-sub"), true);
            assertThat(c.closed).succeedsWithin(Duration.ofSeconds(5));
            assertThat(f.handler.messages).isEmpty();
            assertThat(f.transport.openConnections()).isZero();
        }
    }

    @Test
    void overSizeFramesCloseTheConnection() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("ws")).withLimits(new Limits(100, 100, 1024, 60));
        try (Fixture f = new Fixture(cfg)) {
            Client c = new Client();
            WebSocket ws = open(HttpClient.newHttpClient(), "ws://127.0.0.1:" + f.address(Transport.WS).getPort() + "/", c, "sip");
            ws.sendText(Sip.request("WS", "client", "big", "z".repeat(3000), ""), true);
            assertThat(c.closed).succeedsWithin(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> f.stats().oversize() == 1);
            assertThat(f.handler.messages).isEmpty();
        }
    }
}
