package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Trunk whose inbound side has neither an ACL nor credentials loads (Routr files must), with a
 * warning that says from where Connect will take its calls: its outbound URIs' numeric addresses.
 */
class UnguardedTrunkTest {
    @TempDir
    Path dir;

    private static String trunk(String ref, String spec) {
        return "- {apiVersion: v2beta1, kind: Trunk, ref: " + ref + ", metadata: {name: n}, spec: " + spec + "}\n";
    }

    private static String outbound(String... hosts) {
        StringBuilder sb = new StringBuilder("outbound: {uris: [");
        for (int i = 0; i < hosts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("{uri: {host: '").append(hosts[i]).append("', port: 5060, transport: udp}")
                .append(i == 1 ? ", enabled: false" : "").append('}');
        }
        return sb.append("]}").toString();
    }

    private ProvisioningSnapshot load(String trunks) {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE);
        TestFiles.write(dir, "trunks.yaml", trunks);
        return ResourceLoader.loadDirectory(dir);
    }

    @Test
    void outboundAddressesAreTheNumericHostsEnabledOrNot() {
        ProvisioningSnapshot s = load(trunk("trunk-open",
            "{inbound: {uri: open.test}, " + outbound("198.51.100.10", "[2001:db8::10]", "gw.carrier.test", "198.51.100.10",
                "10.1.2", "999.0.0.1", "fe80::1%eth0", "2001:db8::11") + "}"));
        assertThat(s.trunk("trunk-open").outboundAddresses()).containsExactly(InetAddress.ofLiteral("198.51.100.10"),
            InetAddress.ofLiteral("2001:db8::10"), InetAddress.ofLiteral("2001:db8::11"));
        assertThat(s.trunk("trunk-open").inboundUnguarded()).isTrue();
    }

    @Test
    void aTrunkWithoutAclOrCredentialsLoadsWithAWarningNamingItsOutboundAddresses() {
        ProvisioningSnapshot s = load(trunk("trunk-open",
            "{inbound: {uri: open.test}, " + outbound("198.51.100.10", "gw.carrier.test") + "}"));
        assertThat(s.trunk("trunk-open")).isNotNull();
        assertThat(s.warnings()).hasSize(2); // trunk-1 of base.yaml has no outbound URI at all
        // the file, the Trunk, the field and the reason, as an error names them
        assertThat(s.warnings().get(1).message()).endsWith("trunks.yaml: Trunk 'trunk-open': spec.inbound: has neither"
            + " accessControlListRef nor credentialsRef: requests to inbound uri 'open.test' are admitted only from its"
            + " outbound URIs' addresses [198.51.100.10] (host names are not resolved for this check)");
    }

    @Test
    void aTrunkWithNeitherAclCredentialsNorNumericOutboundIsWarnedThatItIsClosed() {
        ProvisioningSnapshot s = load(trunk("trunk-names", "{inbound: {uri: names.test}, " + outbound("gw.carrier.test") + "}"));
        assertThat(s.warnings()).extracting(ProvisioningError::ref).containsExactly("trunk-1", "trunk-names");
        assertThat(s.warnings()).allSatisfy(w -> assertThat(w.reason())
            .contains("no outbound URI has a numeric host (names are not resolved for this check)")
            .contains("will be refused with 403"));
    }

    @Test
    void aTrunkWithAnAclOrCredentialsOrNoInboundSideHasNoWarning() {
        TestFiles.write(dir, "base.yaml", TestFiles.BASE.replace("inbound: {uri: in.test}", "inbound: {uri: in.test, credentialsRef: cred-1}"));
        TestFiles.write(dir, "trunks.yaml", trunk("trunk-acl", "{inbound: {uri: acl.test, accessControlListRef: acl-1}}")
            + trunk("trunk-out", "{" + outbound("198.51.100.10") + "}"));
        ProvisioningSnapshot s = ResourceLoader.loadDirectory(dir);
        assertThat(s.trunks()).hasSize(3);
        assertThat(s.warnings()).isEmpty();
        assertThat(s.trunk("trunk-out").inboundUnguarded()).isFalse();
    }

    @Test
    void resourcesBuiltInCodeAreWarnedAboutToo() {
        Trunk t = new Trunk("v2", "trunk-code", new Metadata("n"), new Trunk.Spec(new Trunk.Inbound("code.test", null, null), null));
        assertThat(ProvisioningSnapshot.of(List.of(t)).warnings()).singleElement()
            .satisfies(w -> assertThat(w.message()).startsWith("(code): Trunk 'trunk-code': spec.inbound: has neither"));
    }

    @Test
    void fileProvisioningLogsTheWarningsOfEachLoad() {
        Logger log = (Logger) LoggerFactory.getLogger(FileProvisioning.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            TestFiles.write(dir, "base.yaml", TestFiles.BASE);
            try (FileProvisioning p = new FileProvisioning(dir)) {
                assertThat(p.reload()).isEmpty();
            }
        } finally {
            log.detachAppender(events);
        }
        assertThat(events.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
            .hasSize(2).allSatisfy(m -> assertThat(m).startsWith("provisioning warning: ").contains("Trunk 'trunk-1': spec.inbound"));
    }
}
