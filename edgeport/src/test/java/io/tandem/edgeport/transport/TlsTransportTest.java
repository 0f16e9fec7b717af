package io.tandem.edgeport.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.SecurityContext;
import io.tandem.edgeport.config.SecurityContext.ClientAuthType;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTransportTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = new TestCertificates(dir);
    }

    private static SSLSocket tlsClient(InetSocketAddress to, String... protocols) throws Exception {
        SSLSocket s = (SSLSocket) certs.clientContext("TLS").getSocketFactory().createSocket(to.getAddress(), to.getPort());
        s.setEnabledProtocols(protocols);
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    private static void roundTrip(Fixture f, String callId) throws Exception {
        try (SSLSocket s = tlsClient(f.address(Transport.TLS), "TLSv1.3")) {
            s.getOutputStream().write(Sip.bytes(Sip.request("TLS", callId)));
            RecordingHandler.Received r = f.handler.next();
            assertThat(r.message().callId()).isEqualTo(callId);
            assertThat(r.flow().transport()).isEqualTo(Transport.TLS);
            r.flow().forResponse(r.message().topVia()).send(Sip.parse(Sip.response("TLS", callId))).toCompletableFuture().get();
            assertThat(TcpTransportTest.readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("SIP/2.0 200 OK");
        }
    }

    @Test
    void pkcs12KeyStore() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("tls"))
            .withSecurityContext(SecurityContext.pkcs12(certs.keyStore, TestCertificates.PASSWORD));
        try (Fixture f = new Fixture(cfg)) {
            roundTrip(f, "p12");
        }
    }

    @Test
    void pemFilesAndTls12() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("tls"))
            .withSecurityContext(SecurityContext.pem(certs.certificatePem, certs.privateKeyPem));
        try (Fixture f = new Fixture(cfg)) {
            roundTrip(f, "pem");
            try (SSLSocket s = tlsClient(f.address(Transport.TLS), "TLSv1.2")) {
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
            }
        }
    }

    /** A TCP client on the TLS port that never says hello holds its slot for tlsHandshakeTimeout, not for ever. */
    @Test
    void aClientThatNeverHandshakesIsClosedAfterTheTimeoutAndCounted() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(Fixture.specs("tls"))
            .withSecurityContext(SecurityContext.pem(certs.certificatePem, certs.privateKeyPem))
            .withLimits(new io.tandem.edgeport.config.Limits(100, 10, 65_535, 600, 400));
        try (Fixture f = new Fixture(cfg); java.net.Socket silent = new java.net.Socket()) {
            silent.connect(f.address(Transport.TLS));
            silent.setSoTimeout(5000);
            long start = System.nanoTime();
            assertThat(silent.getInputStream().read()).as("end of stream: closed by the server").isEqualTo(-1);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).as("closed after the 400 ms timeout").isBetween(300L, 3000L);
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (f.stats().tlsHandshakeTimeouts() == 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(f.stats().tlsHandshakeTimeouts()).isEqualTo(1);
            roundTrip(f, "after-timeout"); // a client that does handshake is served as before
            assertThat(f.stats().tlsHandshakeTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void enablesOnlyTls12AndTls13() {
        SecurityContext pem = SecurityContext.pem(certs.certificatePem, certs.privateKeyPem);
        SSLEngine engine = SslContexts.server(pem).newEngine(ByteBufAllocator.DEFAULT);
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        SecurityContext only12 = new SecurityContext(null, "", null, null, "", null, certs.certificatePem, certs.privateKeyPem,
            null, List.of("TLSv1.2"), ClientAuthType.DISABLED);
        assertThat(SslContexts.client(only12).newEngine(ByteBufAllocator.DEFAULT).getEnabledProtocols()).containsExactly("TLSv1.2");
    }

    @Test
    void connectsOutwardOverTlsVerifyingThePeer() throws Exception {
        SecurityContext verifying = new SecurityContext(null, "", null, certs.trustStore, TestCertificates.PASSWORD, "pkcs12",
            certs.certificatePem, certs.privateKeyPem, null, SecurityContext.SUPPORTED_PROTOCOLS, ClientAuthType.DISABLED);
        try (Fixture server = new Fixture(EdgePortConfig.of(Fixture.specs("tls")).withSecurityContext(verifying));
             Fixture client = new Fixture(EdgePortConfig.of(Fixture.specs("tls")).withSecurityContext(verifying))) {
            InetSocketAddress dest = server.address(Transport.TLS);
            Flow out = client.transport.flowTo(Transport.TLS, dest).toCompletableFuture().get();
            out.send(Sip.parse(Sip.request("TLS", "tls-out"))).toCompletableFuture().get();
            RecordingHandler.Received r = server.handler.next();
            assertThat(r.message().callId()).isEqualTo("tls-out");
            r.flow().send(Sip.parse(Sip.response("TLS", "tls-out"))).toCompletableFuture().get();
            RecordingHandler.Received back = client.handler.next();
            assertThat(back.flow()).isSameAs(out);
            assertThat(client.stats().messagesOut(Transport.TLS)).isEqualTo(1);
        }
    }

    @Test
    void anUntrustedPeerFailsTheConnect() throws Exception {
        SecurityContext serverCtx = SecurityContext.pem(certs.certificatePem, certs.privateKeyPem);
        // the client trusts only the JDK's CAs, which did not sign the test certificate
        try (Fixture server = new Fixture(EdgePortConfig.of(Fixture.specs("tls")).withSecurityContext(serverCtx));
             Fixture client = new Fixture(EdgePortConfig.of(Fixture.specs("tls")).withSecurityContext(serverCtx))) {
            var stage = client.transport.flowTo(Transport.TLS, server.address(Transport.TLS)).toCompletableFuture();
            assertThat(stage).failsWithin(Duration.ofSeconds(5));
            assertThat(client.transport.openConnections()).isZero();
        }
        // DisabledAll: no verification of the peer
        SecurityContext trustAll = serverCtx.withClientAuth(ClientAuthType.DISABLED_ALL);
        try (Fixture server = new Fixture(EdgePortConfig.of(Fixture.specs("tls")).withSecurityContext(serverCtx));
             Fixture client = new Fixture(EdgePortConfig.of(Fixture.specs("tls")).withSecurityContext(trustAll))) {
            Flow out = client.transport.flowTo(Transport.TLS, server.address(Transport.TLS)).toCompletableFuture().get();
            assertThat(out.isOpen()).isTrue();
        }
    }

    @Test
    void aTlsListenerWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> new NettySipTransport(EdgePortConfig.of(List.of(new TransportSpec(Transport.TLS, "127.0.0.1", 0))), 1, false))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyStore");
    }
}
