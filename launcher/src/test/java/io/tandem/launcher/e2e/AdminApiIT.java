package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.EmbeddedDefaultsIT.finalStatuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.routr.connect.agents.AgentsGrpc;
import io.routr.connect.agents.CreateAgentRequest;
import io.routr.connect.agents.Privacy;
import io.routr.connect.credentials.CreateCredentialsRequest;
import io.routr.connect.credentials.CredentialsServiceGrpc;
import io.routr.connect.domains.CreateDomainRequest;
import io.routr.connect.domains.DomainsGrpc;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem run} with its resources in H2 and the admin API on: a Domain, Credentials and an Agent created over
 * Routr's gRPC services route the next REGISTER at once (SIPp), without a restart; a wrong key is UNAUTHENTICATED.
 */
class AdminApiIT extends E2eFixture {
    static final Path ROUTR_SDK = Path.of("..", "examples", "routr-sdk").toAbsolutePath().normalize();

    static final String ADMIN_KEY = "ops:admin-secret-0123456789";

    /** A configuration in {@code dir/config}: SIP on {@code sipPort}, resources in H2, the admin API on {@code apiPort} with key ops. */
    static Path adminConfig(Path dir, int sipPort, int apiPort) throws java.io.IOException {
        return adminConfig(dir, sipPort, apiPort, "", "");
    }

    /** As above, with {@code spec} lines (the database) and {@code spec.api} lines (TLS) added, each indented for its place. */
    static Path adminConfig(Path dir, int sipPort, int apiPort, String spec, String api) throws java.io.IOException {
        Path config = dir.resolve("config");
        write(config, "edgeport.yaml", edgePortYaml(sipPort));
        write(config, "provisioning.yaml", """
            kind: Provisioning
            spec:
              provider: database
            %s  api:
                listen: 127.0.0.1:%d
            %s    keys:
                  - {id: ops, secret: "admin-secret-0123456789", role: admin}
            """.formatted(spec, apiPort, api));
        return config;
    }

    /** Tandem on H2 with the admin API on {@code apiPort} and one admin key, SIP on {@code sipPort}; ready. */
    private void start(int sipPort, int apiPort) throws Exception {
        TandemProcess tandem = tandem("tandem", "run", "--config", adminConfig(dir, sipPort, apiPort).toString(), "--http", freeHttp(),
            "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
    }

    /** Routr's own Node SDK from npm (examples/routr-sdk) makes a Domain, Credentials and an Agent; the Agent then registers. */
    @Test
    void routrsNodeSdkProvisionsAnAgentThatThenRegisters() throws Exception {
        int sipPort = Ports.free();
        int apiPort = Ports.free();
        start(sipPort, apiPort);
        NodeProcessorIT.npmCi(ROUTR_SDK, "@routr/sdk", dir.resolve("npm.log"));
        Process node = new ProcessBuilder("node", "provision.js", "127.0.0.1:" + apiPort, "ops", "admin-secret-0123456789", "sip.local",
            "1001", "s3cret-pw").directory(ROUTR_SDK.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("sdk.log").toFile()).start();
        assertThat(node.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = java.nio.file.Files.readString(dir.resolve("sdk.log"));
        assertThat(node.exitValue()).as(out).isZero();
        assertThat(out).contains("\"agentDomainUri\":\"sip.local\"").contains("\"listed\":1");
        Sipp.Run reg = sipp.uac("agent-register.xml", Ports.free(), new InetSocketAddress("127.0.0.1", sipPort)).name("register-sdk")
            .set("USER", "1001").set("PASSWORD", "s3cret-pw").set("DOMAIN", "sip.local").start().assertSuccess();
        assertThat(finalStatuses(reg)).containsExactly(401, 200);
    }

    @Test
    void resourcesCreatedThroughTheApiRouteTheNextRegisterWithoutRestart() throws Exception {
        int sipPort = Ports.free();
        int apiPort = Ports.free();
        start(sipPort, apiPort);
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);

        Sipp.Run before = sipp.uac("agent-register.xml", Ports.free(), edge).name("register-unknown")
            .set("USER", "1001").set("PASSWORD", "s3cret-pw").set("DOMAIN", "sip.local").set("REG_STATUS", 401).start();
        assertThat(finalStatuses(before)).doesNotContain(200);

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
                + Base64.getEncoder().encodeToString("ops:admin-secret-0123456789".getBytes(StandardCharsets.UTF_8)));
            var withKey = MetadataUtils.newAttachHeadersInterceptor(auth);
            String domain = DomainsGrpc.newBlockingStub(channel).withInterceptors(withKey)
                .create(CreateDomainRequest.newBuilder().setName("Local").setDomainUri("sip.local").build()).getRef();
            String creds = CredentialsServiceGrpc.newBlockingStub(channel).withInterceptors(withKey)
                .create(CreateCredentialsRequest.newBuilder().setName("Alice").setUsername("1001").setPassword("s3cret-pw").build()).getRef();
            var agent = AgentsGrpc.newBlockingStub(channel).withInterceptors(withKey).create(CreateAgentRequest.newBuilder()
                .setName("Alice").setUsername("1001").setDomainRef(domain).setCredentialsRef(creds).setPrivacy(Privacy.NONE)
                .setEnabled(true).build());
            assertThat(agent.getDomain().getDomainUri()).isEqualTo("sip.local");

            Sipp.Run reg = sipp.uac("agent-register.xml", Ports.free(), edge).name("register-1001")
                .set("USER", "1001").set("PASSWORD", "s3cret-pw").set("DOMAIN", "sip.local").start().assertSuccess();
            assertThat(finalStatuses(reg)).containsExactly(401, 200);

            Metadata wrong = new Metadata();
            wrong.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
                + Base64.getEncoder().encodeToString("ops:wrong".getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> DomainsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(wrong))
                .create(CreateDomainRequest.newBuilder().setName("X").setDomainUri("x.local").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED));
        } finally {
            channel.shutdownNow();
        }
    }
}
