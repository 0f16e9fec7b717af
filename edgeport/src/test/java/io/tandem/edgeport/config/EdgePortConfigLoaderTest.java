package io.tandem.edgeport.config;

import io.tandem.config.ConfigProblem;
import io.tandem.config.ConfigException;
import io.tandem.config.Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.edgeport.config.EdgePortConfig.UnknownMethodAction;
import io.tandem.edgeport.config.SecurityContext.ClientAuthType;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgePortConfigLoaderTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(EdgePortConfigLoaderTest.class.getResource("/config/" + name).toURI());
    }

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void loadsARoutrEdgePortFile() throws Exception {
        Path file = resource("edgeport.yaml");
        EdgePortConfig c = EdgePortConfig.load(file);
        assertThat(c.source()).isEqualTo(file);
        assertThat(c.ref()).isEqualTo("edge-port-01");
        assertThat(c.apiVersion()).isEqualTo("v2beta1");
        assertThat(c.region()).isEqualTo("default");
        assertThat(c.bindAddr()).isEqualTo("0.0.0.0");
        assertThat(c.externalAddrs()).containsExactly("203.0.113.10", "sip01.edgeport.net");
        assertThat(c.localnets()).extracting(Cidr::toString).containsExactly("127.0.0.1/8", "10.111.221.2/24");
        assertThat(c.methods()).containsExactly("REGISTER", "MESSAGE", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS");
        assertThat(c.allowsMethod("invite")).isTrue();
        assertThat(c.allowsMethod("SUBSCRIBE")).isFalse();
        assertThat(c.unknownMethodAction()).isEqualTo(UnknownMethodAction.RESPOND);
        assertThat(c.processorAddr()).isEqualTo("dispatcher:51901");
        assertThat(c.transports()).containsExactly(
            new TransportSpec(Transport.UDP, "0.0.0.0", 5060),
            new TransportSpec(Transport.TCP, "::1", 5060),
            new TransportSpec(Transport.TLS, "0.0.0.0", 5061),
            new TransportSpec(Transport.WS, "0.0.0.0", 5062),
            new TransportSpec(Transport.WSS, "0.0.0.0", 5063));
        SecurityContext sc = c.securityContext();
        assertThat(sc.keyStore()).isEqualTo(file.getParent().resolve("domains-cert.p12"));
        assertThat(sc.keyStorePassword()).isEqualTo("changeit");
        assertThat(sc.keyStoreType()).isEqualTo("pkcs12");
        assertThat(sc.tlsProtocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(sc.clientAuth()).isEqualTo(ClientAuthType.DISABLED_ALL);
        assertThat(sc.toString()).doesNotContain("changeit");
        assertThat(c.timers()).isEqualTo(Timers.DEFAULT);
        assertThat(c.proxy()).isEqualTo(ProxyOptions.DEFAULT);
        assertThat(c.limits()).isEqualTo(Limits.DEFAULT);

        List<ListeningPoint> lps = c.listeningPoints();
        assertThat(lps).hasSize(5);
        assertThat(lps.get(1)).isEqualTo(new ListeningPoint(Transport.TCP, "::1", 5060, "203.0.113.10", 5060));
    }

    @Test
    void loadsJsonWithTandemExtensions() throws Exception {
        EdgePortConfig c = EdgePortConfig.load(resource("edgeport.json"));
        assertThat(c.ref()).isEqualTo("edge-port-json");
        assertThat(c.transports()).extracting(TransportSpec::protocol).containsExactly(Transport.UDP, Transport.TCP);
        assertThat(c.timers()).isEqualTo(new Timers(250, 2000, 2500));
        assertThat(c.timers().toSettings().t1Millis()).isEqualTo(250);
        assertThat(c.limits()).isEqualTo(new Limits(500, 8, 8192, 90));
        assertThat(c.listeningPoints().get(0).advertisedHost()).isEqualTo("192.0.2.7");
    }

    @Test
    void appliesDefaults() throws Exception {
        EdgePortConfig c = EdgePortConfig.load(write("min.yml", """
            kind: EdgePort
            apiVersion: v2
            ref: minimal
            spec:
              transport: [{protocol: udp, port: 5060}]
            """));
        assertThat(c.bindAddr()).isEqualTo("0.0.0.0");
        assertThat(c.region()).isEqualTo("default");
        assertThat(c.methods()).isEqualTo(EdgePortConfig.DEFAULT_METHODS);
        assertThat(c.unknownMethodAction()).isEqualTo(UnknownMethodAction.DISCARD);
        assertThat(c.processorAddr()).isNull();
        assertThat(c.securityContext().hasServerCredentials()).isFalse();
        assertThat(c.securityContext().clientAuth()).isEqualTo(ClientAuthType.DISABLED);
        assertThat(c.limits()).isEqualTo(new Limits(10_000, 64, 65_535, 600));
        assertThat(c.timers()).isEqualTo(new Timers(500, 4000, 5000));
        assertThat(c.timers().toSettings().linger()).isEqualTo(32_000); // RFC 3261: 64·T1
        assertThat(c.timers().toSettings().timerD(false)).isEqualTo(32_000);
    }

    @Test
    void lingerShortensTimersDJLMOnly() throws Exception {
        EdgePortConfig c = EdgePortConfig.load(write("linger.yml", """
            kind: EdgePort
            apiVersion: v2
            ref: linger
            spec:
              transport: [{protocol: udp, port: 5060}]
              timers: {linger: 5000}
            """));
        assertThat(c.timers()).isEqualTo(new Timers(500, 4000, 5000, 180_000, 5000));
        assertThat(c.timers().toSettings().linger()).isEqualTo(5000);
        assertThat(c.timers().toSettings().timerD(false)).isEqualTo(5000);
        assertThat(c.timers().toSettings().timerD(true)).isZero();
        assertThat(c.timers().toSettings().transactionTimeout()).isEqualTo(32_000); // B, F, H unchanged
    }

    @Test
    void ignoresTlsVersionsBelow12() throws Exception {
        write("k.p12", "x");
        String head = """
            kind: EdgePort
            apiVersion: v2
            ref: tls
            spec:
              transport: [{protocol: tls, port: 5061}]
              securityContext:
                keyStore: k.p12
                client: {protocols: %s}
            """;
        assertThat(EdgePortConfig.load(write("a.yaml", head.formatted("[TLSv1, TLSv1.1, TLSv1.2]"))).securityContext().tlsProtocols())
            .containsExactly("TLSv1.2");
        assertThat(EdgePortConfig.load(write("b.yaml", head.formatted("[SSLv3]"))).securityContext().tlsProtocols())
            .containsExactly("TLSv1.2", "TLSv1.3");
    }

    @Test
    void pemFilesAreATandemExtension() throws Exception {
        write("cert.pem", "x");
        write("key.pem", "x");
        EdgePortConfig c = EdgePortConfig.load(write("pem.yaml", """
            kind: EdgePort
            apiVersion: v2
            ref: pem
            spec:
              transport: [{protocol: wss, port: 443}]
              securityContext: {certificate: cert.pem, privateKey: key.pem}
            """));
        assertThat(c.securityContext().certificate()).isEqualTo(dir.resolve("cert.pem"));
        assertThat(c.securityContext().hasServerCredentials()).isTrue();
    }

    @Test
    void refusesSyntaxErrorsDuplicateKeysAndEmptyOrMissingFiles() throws Exception {
        Path yaml = write("broken.yaml", "kind: EdgePort\nspec: [unclosed\n");
        assertThatThrownBy(() -> EdgePortConfig.load(yaml)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(yaml + ": not valid YAML at line");
        Path dup = write("dup.yaml", "kind: EdgePort\nkind: EdgePort\n");
        assertThatThrownBy(() -> EdgePortConfig.load(dup)).hasMessageStartingWith(dup + ": not valid YAML")
            .hasMessageContaining("kind");
        Path json = write("bad.json", "{\"kind\": }");
        assertThatThrownBy(() -> EdgePortConfig.load(json)).hasMessageStartingWith(json + ": not valid JSON");
        Path empty = write("empty.yaml", "");
        assertThatThrownBy(() -> EdgePortConfig.load(empty)).hasMessage(empty + ": empty document");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> EdgePortConfig.load(missing)).hasMessageStartingWith(missing + ": cannot read the file");
    }

    @Test
    void reportsEveryProblemOfAFile() throws Exception {
        Path p = write("many.yaml", """
            kind: EdgePort
            apiVersion: v1
            spec:
              transport: [{protocol: udp, port: 0}]
            """);
        assertThatThrownBy(() -> EdgePortConfig.load(p)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.file()).isEqualTo(p.toString());
            assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactly("apiVersion", "ref", "spec.transport[0].port");
            assertThat(e.getMessage().lines()).hasSize(3).allMatch(l -> l.startsWith(p + ": "));
        });
    }

    @Test
    void readsTheProxyOptions() throws Exception {
        Path file = write("edgeport.yaml", """
            kind: EdgePort
            apiVersion: v2beta1
            ref: e
            spec:
              transport: [{protocol: udp, port: 5060}]
              proxy: {serverHeader: "", processorTimeout: 1500}
            """);
        assertThat(EdgePortConfig.load(file).proxy()).isEqualTo(new ProxyOptions("", 1500));
    }
}
