package io.tandem.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.location.Backend;
import io.tandem.location.LocationService;
import io.tandem.location.MaxContactsExceededException;
import io.tandem.location.MemoryLocationService;
import io.tandem.location.Route;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RemoteLocation} against {@link LocationGrpcService} over a real gRPC connection on loopback,
 * a memory Location behind it: every operation gives what the in-process service gives (routes come
 * back equal, field for field), failures keep their meaning (maxContacts, a store that fails, an
 * unreachable service), and the link works over TLS with a self-signed certificate.
 */
class LocationOverGrpcTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    static Route route(String host, int port, String instance) {
        ListeningPoint udp = new ListeningPoint(Transport.UDP, "0.0.0.0", 5060, "203.0.113.10", 5060);
        return Route.builder(host, port, "TCP").user("1001").received("198.51.100.7", 40211, "UDP").edgePortRef("edge-01")
            .listeningPoints(List.of(udp)).path(List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"))
            .instance(instance, instance == null ? 0 : 1).registeredOn(System.currentTimeMillis()).expires(600).sessionCount(3)
            .labels(Map.of("priority", "1")).build();
    }

    @Test
    void everyOperationAnswersAsTheInProcessServiceDoes() throws Exception {
        try (LocationService memory = new MemoryLocationService();
             GrpcServer server = GrpcServer.start(LOOPBACK, null, new LocationGrpcService(memory));
             RemoteLocation remote = new RemoteLocation("127.0.0.1:" + server.port(), 2000, null)) {
            Route a = route("10.0.0.1", 5070, "<urn:uuid:00000000-0000-0000-0000-000000000001>");
            Route b = route("10.0.0.2", 5080, null);
            get(remote.addRoute("sip:1001@sip.local", a, 0));
            get(remote.addRoute("sip:1001@sip.local", b, 2));
            assertThat(get(remote.findRoutes("sip:1001@sip.local"))).as("routes come back whole")
                .containsExactlyElementsOf(get(memory.findRoutes("sip:1001@sip.local")))
                .containsExactlyInAnyOrder(a, b);
            assertThat(get(remote.count())).isEqualTo(2);
            assertThatThrownBy(() -> get(remote.addRoute("sip:1001@sip.local", route("10.0.0.3", 5090, null), 2)))
                .cause().isInstanceOf(MaxContactsExceededException.class)
                .hasMessage("sip:1001@sip.local exceeds maximum of 2 allowed contacts");
            List<Route> first = get(remote.findRoutes("sip:1001@sip.local", Backend.roundRobin()));
            List<Route> second = get(remote.findRoutes("sip:1001@sip.local", Backend.roundRobin()));
            assertThat(first).hasSize(1);
            assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
            List<Route> sticky = get(remote.findRoutes("sip:1001@sip.local", Backend.roundRobin().withAffinity(), "call-1"));
            assertThat(get(remote.findRoutes("sip:1001@sip.local", Backend.roundRobin().withAffinity(), "call-1")))
                .as("session affinity: the same key, the same route").isEqualTo(sticky);
            assertThat(get(remote.removeRoute("sip:1001@sip.local", b.contactKey()))).isTrue();
            assertThat(get(remote.removeRoute("sip:1001@sip.local", b.contactKey()))).isFalse();
            assertThat(get(remote.removeRoutes("sip:1001@sip.local"))).isEqualTo(1);
            assertThat(get(remote.findRoutes("sip:1001@sip.local"))).isEmpty();
            assertThat(get(remote.ping())).isNull();
            assertThat(remote.describe()).isEqualTo("remote at 127.0.0.1:" + server.port());
        }
    }

    @Test
    void aStoreThatFailsAndAnUnreachableServiceAreFailuresNamingThem() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        // a Redis location whose Redis is not there: the store fails, the service answers
        try (LocationService down = new io.tandem.location.ReconnectingLocation(
                 () -> io.tandem.location.RedisLocationService.connect("redis://127.0.0.1:" + closed + "/0"), "redis 127.0.0.1:" + closed);
             GrpcServer server = GrpcServer.start(LOOPBACK, null, new LocationGrpcService(down));
             RemoteLocation remote = new RemoteLocation("127.0.0.1:" + server.port(), 4000, null)) {
            assertThatThrownBy(() -> get(remote.ping())).cause()
                .hasMessageStartingWith("location remote at 127.0.0.1:" + server.port() + " failed: its store: ")
                .hasMessageContaining(Integer.toString(closed));
        }
        try (RemoteLocation remote = new RemoteLocation("127.0.0.1:" + closed, 2000, null)) {
            assertThatThrownBy(() -> get(remote.findRoutes("sip:1001@sip.local"))).cause()
                .hasMessage("location remote at 127.0.0.1:" + closed + " unreachable");
        }
    }

    @Test
    void theLinkWorksOverTlsWithASelfSignedCertificateAndRefusesAnUntrustedOne(@TempDir Path dir) throws Exception {
        LinkSecurity serverSide = selfSigned(dir, "location");
        LinkSecurity trusting = new LinkSecurity(null, null, serverSide.certificate());
        LinkSecurity other = selfSigned(dir, "other");
        try (LocationService memory = new MemoryLocationService();
             GrpcServer server = GrpcServer.start(LOOPBACK, serverSide, new LocationGrpcService(memory));
             RemoteLocation remote = new RemoteLocation("127.0.0.1:" + server.port(), 2000, trusting);
             RemoteLocation untrusting = new RemoteLocation("127.0.0.1:" + server.port(), 2000,
                 new LinkSecurity(null, null, other.certificate()));
             RemoteLocation plaintext = new RemoteLocation("127.0.0.1:" + server.port(), 2000, null)) {
            Route a = route("10.0.0.1", 5070, null);
            get(remote.addRoute("sip:1001@sip.local", a, 0));
            assertThat(get(remote.findRoutes("sip:1001@sip.local"))).containsExactly(a);
            assertThatThrownBy(() -> get(untrusting.count())).as("a certificate the client does not trust").cause()
                .hasMessageContaining("unreachable");
            assertThatThrownBy(() -> get(plaintext.count())).as("plaintext to a TLS service").cause()
                .hasMessageContaining("location remote at 127.0.0.1:" + server.port());
        }
    }

    @Test
    void tlsSettingsAreCheckedNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("none.pem");
        assertThatThrownBy(() -> new LinkSecurity(missing, missing, null)).hasMessage(missing + ": cannot read the file");
        assertThatThrownBy(() -> new LinkSecurity(null, missing, null)).hasMessage("a private key without its certificate");
    }

    /** A self-signed certificate for 127.0.0.1 and its PKCS#8 key, made by openssl. */
    static LinkSecurity selfSigned(Path dir, String name) throws Exception {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=" + name, "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl: " + output).isTrue();
        assertThat(Files.readString(key)).contains("BEGIN PRIVATE KEY");
        return new LinkSecurity(cert, key, null);
    }

    private static <T> T get(CompletionStage<T> stage) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
