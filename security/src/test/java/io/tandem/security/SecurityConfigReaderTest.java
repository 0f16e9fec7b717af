package io.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.config.ConfigException;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.EdgePortConfigLoader;
import io.tandem.metrics.MetricsRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SecurityConfigReaderTest {
    private static final String BASE = """
        kind: EdgePort
        apiVersion: v2beta1
        ref: ep
        spec:
          localnets: [10.0.0.0/8]
          transport: [{protocol: udp, port: 5060}]
        """;

    @Test
    void withoutASecuritySectionTheFiltersAreOnWithPikeLikeDefaultsAndLocalnetsAndLoopbackTrusted() {
        SecurityConfig c = SecurityConfigReader.read(EdgePortConfigLoader.parse(BASE, Path.of("edgeport.yaml")));
        assertThat(c.enabled()).isTrue();
        assertThat(c.flood()).isEqualTo(SecurityConfig.Flood.DEFAULT);
        assertThat(c.flood().windowSeconds()).isEqualTo(2);
        assertThat(c.flood().maxRequests()).isEqualTo(30);
        assertThat(c.bans().banSeconds()).isEqualTo(300);
        assertThat(c.bruteForce().maxFailures()).isEqualTo(5);
        assertThat(c.trusted().toString()).isEqualTo("[10.0.0.0/8, 127.0.0.0/8, 0:0:0:0:0:0:0:1]");
        assertThat(c.adminFrom()).isEqualTo(SecurityConfig.LOOPBACK);
        assertThat(c.scanners().userAgents()).contains("friendly-scanner", "sipvicious", "sipcli", "vaxsipuseragent");
    }

    @Test
    void everyFieldIsRead() {
        SecurityConfig c = SecurityConfigReader.read(EdgePortConfigLoader.parse(BASE + """
              security:
                trusted: [192.0.2.0/24]
                adminFrom: [127.0.0.1, 10.1.1.1]
                acl: {allow: [0.0.0.0/0], deny: [198.51.100.0/24]}
                bans:
                  banSeconds: 60
                  share: local
                  list: [{network: 203.0.113.0/24, reason: abuse, seconds: 3600}, {network: 203.0.114.1}]
                flood: {windowSeconds: 5, maxRequests: 100, maxInvites: 20, maxRegisters: 10, trustedMaxRequests: 1000}
                scanners: {userAgents: [EvilScanner]}
                bruteForce: {windowSeconds: 30, maxFailures: 3, maxFailuresPerUser: 9}
                lengths: {action: Drop, maxRequestUri: 200, maxUriUser: 32, maxHeaders: 50, maxHeaderLength: 1000, maxBody: 5000}
                connections: {acceptPerSourcePerSecond: 5, acceptPerSecond: 50}
            """, Path.of("edgeport.yaml")));
        assertThat(c.trusted().toString()).isEqualTo("[192.0.2.0/24]");
        assertThat(c.adminFrom().list()).hasSize(2);
        assertThat(c.acl().deny().toString()).isEqualTo("[198.51.100.0/24]");
        assertThat(c.bans()).isEqualTo(new SecurityConfig.Bans(60, false, java.util.List.of(
            new SecurityConfig.StaticBan(Network.parse("203.0.113.0/24"), "abuse", 3600),
            new SecurityConfig.StaticBan(Network.parse("203.0.114.1"), "configured", Ban.PERMANENT))));
        assertThat(c.flood()).isEqualTo(new SecurityConfig.Flood(5, 100, 20, 10, 1000));
        assertThat(c.scanners().userAgents()).containsExactly("evilscanner");
        assertThat(c.bruteForce()).isEqualTo(new SecurityConfig.BruteForce(30, 3, 9));
        assertThat(c.lengths()).isEqualTo(new SecurityConfig.Lengths(false, 200, 32, 50, 1000, 5000));
        assertThat(c.connections()).isEqualTo(new SecurityConfig.Connections(5, 50));
    }

    @Test
    void problemsNameTheFileAndTheFieldUnderSpecSecurity() {
        EdgePortConfig bad = EdgePortConfigLoader.parse(BASE + """
              security:
                flood: {windowSeconds: 0, maxRequest: 3}
                acl: {deny: [not-a-network]}
                bans: {list: [{reason: x}]}
            """, Path.of("conf/edgeport.yaml"));
        assertThatThrownBy(() -> SecurityConfigReader.read(bad)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("conf/edgeport.yaml: spec.security.flood.maxRequest: unknown field")
            .hasMessageContaining("conf/edgeport.yaml: spec.security.flood.windowSeconds: ")
            .hasMessageContaining("conf/edgeport.yaml: spec.security.bans.list[0].network: is required");
        EdgePortConfig badNet = EdgePortConfigLoader.parse(BASE + """
              security:
                acl: {deny: [10.0.0.0/33]}
            """, Path.of("edgeport.yaml"));
        assertThatThrownBy(() -> SecurityConfigReader.read(badNet))
            .hasMessageContaining("edgeport.yaml: spec.security.acl.deny[0]: '10.0.0.0/33': prefix length 33 is over 32");
        assertThatThrownBy(() -> EdgePortConfigLoader.parse(BASE + "  security: [1]\n", Path.of("edgeport.yaml")))
            .hasMessageContaining("spec.security");
    }

    @Test
    void topologyHidingIsOffByDefaultReadWhenOnAndItsFieldsChecked() {
        assertThat(SecurityConfigReader.read(EdgePortConfigLoader.parse(BASE, Path.of("edgeport.yaml"))).topology())
            .isEqualTo(SecurityConfig.Topology.OFF);
        EdgePortConfig on = EdgePortConfigLoader.parse(BASE + """
              security:
                topologyHiding: {enabled: true, exempt: [10.20.0.0/16]}
            """, Path.of("edgeport.yaml"));
        SecurityConfig c = SecurityConfigReader.read(on);
        assertThat(c.topology().enabled()).isTrue();
        assertThat(c.topology().exempt().toString()).isEqualTo("[10.20.0.0/16]");
        try (DoorGuard g = new DoorGuard(c, System::currentTimeMillis, null, false)) {
            assertThat(g.topology()).isNotNull();
            assertThat(g.door().hasOutbound()).isTrue();
            assertThat(g.counterLines()).contains("tandem_security_topology_total{action=\"masked\"} 0");
        }
        EdgePortConfig bad = EdgePortConfigLoader.parse(BASE + """
              security:
                topologyHiding: {enabled: yes-please, exempt: [10.0.0.0/40], maskCallId: true}
            """, Path.of("edgeport.yaml"));
        assertThatThrownBy(() -> SecurityConfigReader.read(bad)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("edgeport.yaml: spec.security.topologyHiding.maskCallId: unknown field")
            .hasMessageContaining("edgeport.yaml: spec.security.topologyHiding.enabled: ");
    }

    @Test
    void theGuardBuildsItsDoorRegistersItsCountersAndCanBeTurnedOff() {
        EdgePortConfig on = EdgePortConfigLoader.parse(BASE + """
              security:
                bans: {list: [{network: 203.0.113.0/24}]}
            """, Path.of("edgeport.yaml"));
        try (DoorGuard g = new DoorGuard(SecurityConfigReader.read(on), System::currentTimeMillis, null, false)) {
            MetricsRegistry r = new MetricsRegistry();
            g.features(r);
            assertThat(g.door().isOpen()).isFalse();
            assertThat(g.bans().isBanned(java.net.InetAddress.ofLiteral("203.0.113.3"))).isTrue();
            assertThat(r.value("tandem_security_bans_total", "rule", "config")).isEqualTo(1);
            assertThat(r.value("tandem_security_bans_active")).isEqualTo(1);
            assertThat(r.value("tandem_security_dropped_total", "rule", "flood")).isZero();
            assertThat(g.counterLines()).contains("tandem_security_bans_total{rule=\"config\"} 1");
        }
        EdgePortConfig off = EdgePortConfigLoader.parse(BASE + "  security: {enabled: false}\n", Path.of("edgeport.yaml"));
        try (DoorGuard g = new DoorGuard(SecurityConfigReader.read(off), System::currentTimeMillis, null, false)) {
            assertThat(g.door().isOpen()).isTrue();
        }
    }
}
