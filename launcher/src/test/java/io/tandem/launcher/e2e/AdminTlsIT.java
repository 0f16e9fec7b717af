package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.routr.connect.domains.CreateDomainRequest;
import io.routr.connect.domains.DomainsGrpc;
import io.tandem.grpc.LinkSecurity;
import io.tandem.testkit.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.api.tls}: the admin gRPC port speaks TLS only, the JSON/HTTP API and {@code /registrations} move to
 * their own HTTPS port (gone from the plaintext --http server), {@code tandem ctl} reaches them with {@code --ca};
 * with {@code clientCa}, both ports refuse a client without a certificate that CA issued.
 */
class AdminTlsIT extends E2eFixture {
    private static final String KEY = AdminApiIT.ADMIN_KEY;

    private record Started(TandemProcess tandem, String http, String https, int grpc, Path cert, Path key) {
    }

    private Started start(boolean clientCertificates) throws Exception {
        int apiPort = Ports.free();
        int httpsPort = Ports.free();
        Path config = dir.resolve("config");
        Path[] pem = selfSignedPem(config, "api");
        AdminApiIT.adminConfig(dir, Ports.free(), apiPort, "", "    httpsListen: 127.0.0.1:%d\n    tls: {certificate: api.crt, privateKey: api.key%s}\n"
            .formatted(httpsPort, clientCertificates ? ", clientCa: api.crt" : ""));
        String http = freeHttp();
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http);
        tandem.awaitReady(Duration.ofSeconds(90));
        return new Started(tandem, http, "https://127.0.0.1:" + httpsPort, apiPort, pem[0], pem[1]);
    }

    private static String createDomain(ManagedChannel channel, String uri) {
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Basic " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)));
        return DomainsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
            .withDeadlineAfter(java.time.Duration.ofSeconds(10))
            .create(CreateDomainRequest.newBuilder().setName("Local").setDomainUri(uri).build()).getRef();
    }

    @Test
    void grpcOverTlsAndTheHttpApiOnHttpsOnly() throws Exception {
        Started s = start(false);
        ManagedChannel tls = new LinkSecurity(null, null, s.cert()).client(NettyChannelBuilder.forAddress("127.0.0.1", s.grpc())).build();
        ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", s.grpc()).usePlaintext().build();
        try {
            String ref = createDomain(tls, "sip.local");
            assertThat(ref).isNotBlank();
            assertThatThrownBy(() -> createDomain(plain, "other.local")).isInstanceOf(StatusRuntimeException.class);
            CtlRun.Ctl got = CtlRun.ok(s.https(), KEY, "domains", "get", ref, "-o", "json", "--ca", s.cert().toString());
            assertThat(got.json().path("domainUri").asString()).isEqualTo("sip.local");
            CtlRun.ok(s.https(), KEY, "credentials", "create", "--set", "name=Alice", "--set", "username=1001", "--set", "password=pw",
                "--ca", s.cert().toString());
            assertThat(CtlRun.ok(s.https(), KEY, "registrations", "-o", "json", "--ca", s.cert().toString()).json().path("items")).isEmpty();

            CtlRun.Ctl untrusted = CtlRun.ctl(s.https(), KEY, "domains", "list");
            assertThat(untrusted.exit()).isEqualTo(1);
            assertThat(untrusted.err()).contains("TLS with " + s.https() + " failed").contains("--ca FILE");
            assertThat(s.tandem().get("/api/v2beta1/domains").status()).as("no API on the plaintext --http port").isEqualTo(404);
            assertThat(s.tandem().get("/registrations").status()).isEqualTo(404);
            CtlRun.Ctl onPlain = CtlRun.ctl(s.http(), KEY, "domains", "list");
            assertThat(onPlain.exit()).isEqualTo(3);
        } finally {
            tls.shutdownNow();
            plain.shutdownNow();
        }
    }

    @Test
    void withAClientCaBothPortsWantItsCertificate() throws Exception {
        Started s = start(true);
        ManagedChannel withCert = new LinkSecurity(s.cert(), s.key(), s.cert())
            .client(NettyChannelBuilder.forAddress("127.0.0.1", s.grpc())).build();
        ManagedChannel without = new LinkSecurity(null, null, s.cert()).client(NettyChannelBuilder.forAddress("127.0.0.1", s.grpc())).build();
        try {
            assertThat(createDomain(withCert, "sip.local")).isNotBlank();
            assertThatThrownBy(() -> createDomain(without, "other.local")).isInstanceOf(StatusRuntimeException.class);
            assertThat(CtlRun.ok(s.https(), KEY, "domains", "list", "-o", "json", "--ca", s.cert().toString(),
                "--cert", s.cert().toString(), "--cert-key", s.key().toString()).json().path("items")).hasSize(1);
            CtlRun.Ctl noCert = CtlRun.ctl(s.https(), KEY, "domains", "list", "--ca", s.cert().toString());
            assertThat(noCert.exit()).isEqualTo(1);
            assertThat(noCert.err()).as("refused, naming the options").contains("--cert and --cert-key");
        } finally {
            withCert.shutdownNow();
            without.shutdownNow();
        }
    }
}
