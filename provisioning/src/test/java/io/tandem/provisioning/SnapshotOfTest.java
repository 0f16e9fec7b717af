package io.tandem.provisioning;

import io.tandem.config.Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots built from records in code, and source-address trunk matching. */
class SnapshotOfTest {
    private static final Metadata M = new Metadata("n");

    private static AccessControlList acl(String ref, List<String> allow, List<String> deny) {
        return new AccessControlList("v2", ref, M, new AccessControlList.Spec(new AccessControlList.Rules(
                allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList())));
    }

    private static Trunk trunk(String ref, String uri, String aclRef) {
        return new Trunk("v2", ref, M, new Trunk.Spec(new Trunk.Inbound(uri, aclRef, null), null));
    }

    @Test
    void buildsAndIndexes() {
        Domain d = new Domain("v2", "d1", M, new Domain.Spec(null, new Domain.Context("sip.test", null, null)));
        Agent a = new Agent("v2", "a1", M, new Agent.Spec("1001", "d1", null, null, -1, null, true));
        ProvisioningSnapshot p = ProvisioningSnapshot.of(List.of(d, a));
        assertThat(p.findAgent("1001", "SIP.TEST")).isSameAs(a);
        assertThat(p.domains()).containsExactly(d);
        assertThat(ProvisioningSnapshot.empty().agents()).isEmpty();
        assertThat(p.snapshot()).isSameAs(p);
    }

    @Test
    void checksReferences() {
        Agent a = new Agent("v2", "a1", M, new Agent.Spec("1001", "d9", null, null, -1, null, true));
        assertThatThrownBy(() -> ProvisioningSnapshot.of(List.of(a)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("(code): Agent 'a1': spec.domainRef: no Domain with ref 'd9'");
    }

    @Test
    void trunkBySourceAddressPrefersTheMostSpecificAllowRule() throws Exception {
        ProvisioningSnapshot p = ProvisioningSnapshot.of(List.of(
                acl("wide", List.of("198.51.100.0/24", "2001:db8::/32"), List.of()),
                acl("narrow", List.of("198.51.100.16/28"), List.of("198.51.100.20")),
                acl("blocklist", List.of(), List.of("0.0.0.0/0")),
                trunk("t-wide", "wide.test", "wide"),
                trunk("t-narrow", "narrow.test", "narrow"),
                trunk("t-block", "block.test", "blocklist"),
                trunk("t-open", "open.test", null)));
        assertThat(p.findTrunkBySourceAddress(InetAddress.ofLiteral("198.51.100.1")).ref()).isEqualTo("t-wide");
        assertThat(p.findTrunkBySourceAddress(InetAddress.ofLiteral("198.51.100.17")).ref()).isEqualTo("t-narrow");
        // denied by the narrow trunk's ACL: falls back to the wide one
        assertThat(p.findTrunkBySourceAddress(InetAddress.ofLiteral("198.51.100.20")).ref()).isEqualTo("t-wide");
        assertThat(p.findTrunkBySourceAddress(InetAddress.ofLiteral("2001:db8::5")).ref()).isEqualTo("t-wide");
        assertThat(p.findTrunkBySourceAddress(InetAddress.ofLiteral("192.0.2.1"))).isNull();
        assertThat(p.findTrunkByInboundUri("OPEN.test").ref()).isEqualTo("t-open");
    }
}
