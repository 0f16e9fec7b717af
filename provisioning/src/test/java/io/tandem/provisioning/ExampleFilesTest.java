package io.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads a full set in Routr's file format (every kind; YAML lists, a single-document .yml, a JSON list). */
class ExampleFilesTest {
    @TempDir
    static Path dir;
    static ProvisioningSnapshot p;

    @BeforeAll
    static void load() {
        p = ResourceLoader.loadDirectory(TestFiles.copyExamples(dir));
    }

    @Test
    void loadsEveryKindInFileOrder() {
        assertThat(p.acls()).extracting(Resource::ref).containsExactly("acl-office", "acl-carrier");
        assertThat(p.agents()).extracting(Resource::ref).containsExactly("agent-alice", "agent-bob", "agent-lab-2001");
        assertThat(p.credentialsList()).hasSize(4);
        assertThat(p.domains()).extracting(Domain::domainUri).containsExactly("pbx.example.test", "lab.example.test");
        assertThat(p.numbers()).extracting(PhoneNumber::telUrl).containsExactly("tel:+15550100100", "tel:+15550100199");
        assertThat(p.peers()).extracting(Peer::username).containsExactly("mediasrv", "ivrsrv");
        assertThat(p.trunks()).extracting(Resource::ref).containsExactly("trunk-carrier", "trunk-outbound-only");
    }

    @Test
    void bindsAgentFieldsAndDefaults() {
        Agent alice = p.agent("agent-alice");
        assertThat(alice.apiVersion()).isEqualTo("v2beta1");
        assertThat(alice.name()).isEqualTo("Alice");
        assertThat(alice.spec()).isEqualTo(new Agent.Spec("2001", "dom-office", "cred-alice", Agent.Privacy.PRIVATE, 3, 600, true));
        Agent bob = p.agent("agent-bob");
        assertThat(bob.spec().privacy()).isEqualTo(Agent.Privacy.NONE);
        assertThat(bob.spec().enabled()).isFalse();
        assertThat(bob.spec().maxContacts()).isEqualTo(-1);
        assertThat(bob.spec().expires()).isNull();
        Agent lab = p.agent("agent-lab-2001");
        assertThat(lab.kind()).isEqualTo(Kind.AGENT);
        assertThat(lab.credentialsRef()).isNull();
        assertThat(lab.spec().privacy()).isEqualTo(Agent.Privacy.NONE);
    }

    @Test
    void bindsDomainWithBothAclPlacements() {
        Domain office = p.domain("dom-office");
        assertThat(office.accessControlListRef()).isEqualTo("acl-office");
        assertThat(office.egressPolicies()).extracting(Domain.EgressPolicy::numberRef).containsExactly("num-main", "num-fax");
        assertThat(office.egressPolicyFor("+12125550000").numberRef()).isEqualTo("num-main");
        assertThat(office.egressPolicyFor("+4930123").numberRef()).isEqualTo("num-fax");
        assertThat(p.domain("dom-lab").accessControlListRef()).isEqualTo("acl-office");
        assertThat(p.domain("dom-lab").egressPolicies()).isEmpty();
    }

    @Test
    void bindsPeerTrunkNumberCredentials() {
        Peer media = p.peer("peer-media");
        assertThat(media.spec().loadBalancing())
                .isEqualTo(new Peer.LoadBalancing(Peer.BalancingAlgorithm.LEAST_SESSIONS, true));
        assertThat(media.spec().contactAddr()).isEqualTo("10.20.0.50:5060");
        assertThat(p.peer("peer-ivr").spec().loadBalancing()).isEqualTo(Peer.LoadBalancing.DEFAULT);
        assertThat(p.peer("peer-ivr").spec().maxContacts()).isEqualTo(2);

        Trunk t = p.trunk("trunk-carrier");
        assertThat(t.metadata().region()).isEqualTo("us-east1");
        assertThat(t.spec().inbound()).isEqualTo(new Trunk.Inbound("office.carrier.test", "acl-carrier", "cred-carrier"));
        assertThat(t.spec().outbound().sendRegister()).isTrue();
        assertThat(t.spec().outbound().uris()).containsExactly(
                new Trunk.OutboundUri(new Trunk.Uri("acct-7781", "sip.carrier.test", 5080, Trunk.Transport.UDP), 10, 20, true),
                new Trunk.OutboundUri(new Trunk.Uri(null, "backup.carrier.test", 5061, Trunk.Transport.TLS), 0, 1, true));
        Trunk out = p.trunk("trunk-outbound-only");
        assertThat(out.spec().inbound()).isNull();
        assertThat(out.inboundUri()).isNull();
        assertThat(out.spec().outbound().sendRegister()).isFalse();

        PhoneNumber n = p.number("num-main");
        assertThat(n.metadata().geoInfo()).isEqualTo(new Metadata.GeoInfo("Springfield", "USA", "US"));
        assertThat(n.spec().location()).isEqualTo(new PhoneNumber.Location("tel:+15550100100", "sip:2001@pbx.example.test",
                "X-Room", List.of(new PhoneNumber.Header("X-Tenant", "office"))));
        assertThat(n.number()).isEqualTo("+15550100100");
        assertThat(p.number("num-fax").aorLink()).isEqualTo("backend:fax");

        Credentials c = p.credentials("cred-alice");
        assertThat(c.username()).isEqualTo("2001");
        assertThat(c.password()).isEqualTo("s3cret-a");
        assertThat(c.toString()).doesNotContain("s3cret-a");
    }

    @Test
    void findsByKeys() throws Exception {
        assertThat(p.findAgent("2001", "pbx.example.test").ref()).isEqualTo("agent-alice");
        assertThat(p.findAgent("2001", "LAB.example.test").ref()).isEqualTo("agent-lab-2001");
        assertThat(p.findAgent("2002", "lab.example.test")).isNull();
        assertThat(p.findAgent("2001", "nowhere.test")).isNull();
        assertThat(p.findPeerByUsername("mediasrv").ref()).isEqualTo("peer-media");
        assertThat(p.findPeerByAor("sip:ivr@pbx.example.test").ref()).isEqualTo("peer-ivr");
        assertThat(p.findPeerByAor("sip:nobody@pbx.example.test")).isNull();
        assertThat(p.findNumberByTelUrl("+15550100199").ref()).isEqualTo("num-fax");
        assertThat(p.findNumberByTelUrl("tel:+15550100199").ref()).isEqualTo("num-fax");
        assertThat(p.findNumberByTelUrl("15550100199")).isNull();
        assertThat(p.findDomainByUri("Pbx.Example.Test").ref()).isEqualTo("dom-office");
        assertThat(p.findTrunkByInboundUri("office.carrier.test").ref()).isEqualTo("trunk-carrier");
        assertThat(p.findTrunkByInboundUri("other.carrier.test")).isNull();
        assertThat(p.findTrunkBySourceAddress(InetAddress.ofLiteral("203.0.113.5")).ref()).isEqualTo("trunk-carrier");
        assertThat(p.findTrunkBySourceAddress(InetAddress.ofLiteral("203.0.113.13"))).isNull(); // denied
        assertThat(p.findTrunkBySourceAddress(InetAddress.ofLiteral("203.0.113.16"))).isNull(); // outside the /28
    }

    @Test
    void findsByRefWithTheRightKindOnly() {
        assertThat(p.resource("cred-bob")).isInstanceOf(Credentials.class);
        assertThat(p.credentials("cred-bob")).isNotNull();
        assertThat(p.agent("cred-bob")).isNull();
        assertThat(p.acl("acl-carrier").allows(InetAddress.ofLiteral("203.0.113.1"))).isTrue();
        assertThat(p.domain("missing")).isNull();
    }

    @Test
    void listsAreUnmodifiable() {
        assertThat(p.agents()).isUnmodifiable();
        assertThat(p.domains().get(0).egressPolicies()).isUnmodifiable();
    }
}
