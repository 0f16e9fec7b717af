package io.tandem.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.location.MemoryLocationService;
import io.tandem.processor.Decision;
import io.tandem.provisioning.AccessControlList;
import io.tandem.config.Cidr;
import io.tandem.provisioning.Credentials;
import io.tandem.provisioning.Metadata;
import io.tandem.provisioning.PhoneNumber;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.provisioning.Resource;
import io.tandem.provisioning.Trunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may speak for a Trunk: its ACL, its inbound credentials, or, when it has neither, only the
 * numeric addresses of its own outbound URIs (never anyone who merely names its inbound URI).
 */
class TrunkSourceAdmissionTest {
    private static final Metadata M = new Metadata("m");
    private static final String FORBIDDEN = "Forbidden (trunk has no ACL or credentials and the source is not one of its outbound URIs)";

    private final ConnectProcessor connect = new ConnectProcessor(world(), new MemoryLocationService());

    private static Trunk.OutboundUri uri(String host, boolean enabled) {
        return new Trunk.OutboundUri(new Trunk.Uri(null, host, 5060, Trunk.Transport.UDP), 0, 1, enabled);
    }

    private static Trunk trunk(String ref, String acl, String credentials, Trunk.OutboundUri... uris) {
        return new Trunk("v2", ref, M, new Trunk.Spec(new Trunk.Inbound(ref + ".test", acl, credentials),
            new Trunk.Outbound(false, null, List.of(uris))));
    }

    /** A DID of {@code trunkRef}, for Agent 1001 (never registered here: an admitted call gets 480). */
    private static PhoneNumber did(String telUrl, String trunkRef) {
        return new PhoneNumber("v2", "num-" + trunkRef, M, new PhoneNumber.Spec(trunkRef,
            new PhoneNumber.Location(telUrl, "sip:1001@sip.test", null, List.of())));
    }

    private static ProvisioningSnapshot world() {
        List<Resource> all = new ArrayList<>();
        all.add(trunk("open", null, null, uri("198.51.100.10", true), uri("[2001:db8::10]", false),
            uri("localhost", true)));
        all.add(trunk("closed", null, null));
        all.add(trunk("digest", null, "cred-trunk", uri("198.51.100.20", true)));
        all.add(trunk("acl", "acl-trunk", null, uri("198.51.100.30", true)));
        all.add(did("tel:+17066041487", "open"));
        all.add(did("tel:+17066041488", "closed"));
        all.add(did("tel:+17066041489", "digest"));
        all.add(did("tel:+17066041490", "acl"));
        all.add(new Credentials("v2", "cred-trunk", M, new Credentials.Spec(new Credentials.UsernamePassword("carrier", "pw"))));
        all.add(new AccessControlList("v2", "acl-trunk", M, new AccessControlList.Spec(
            new AccessControlList.Rules(List.of(Cidr.parse("203.0.113.0/24")), List.of()))));
        return ProvisioningSnapshot.of(all);
    }

    private Decision.Respond call(String did, String trunk, String source) {
        Decision d = connect.process(Requests.invite("sip:" + did + "@" + trunk + ".test", source)).toCompletableFuture().join();
        assertThat(d).isInstanceOf(Decision.Respond.class);
        return (Decision.Respond) d;
    }

    @Test
    void aTrunkWithoutAclOrCredentialsIsAdmittedFromTheAddressOfAnOutboundUri() {
        assertThat(call("+17066041487", "open", "198.51.100.10").status()).as("admitted; the Agent is not registered").isEqualTo(480);
        // a disabled URI takes no calls from us, but the gateway still sends them
        assertThat(call("+17066041487", "open", "2001:db8:0:0:0:0:0:10").status()).isEqualTo(480);
    }

    @Test
    void aTrunkWithoutAclOrCredentialsIsForbiddenFromAnyOtherAddress() {
        Decision.Respond r = call("+17066041487", "open", "192.0.2.99");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.reason()).isEqualTo(FORBIDDEN);
        // an outbound host name is not resolved: its address is not admitted
        assertThat(call("+17066041487", "open", "127.0.0.1").reason()).isEqualTo(FORBIDDEN);
    }

    @Test
    void aTrunkWithNeitherAclCredentialsNorOutboundUrisIsNeverAdmittedBySource() {
        for (String source : List.of("127.0.0.1", "198.51.100.10", "192.0.2.99")) {
            assertThat(call("+17066041488", "closed", source).reason()).isEqualTo(FORBIDDEN);
        }
    }

    @Test
    void aTrunkWithCredentialsIsChallengedFromAnywhere() {
        Decision.Respond r = call("+17066041489", "digest", "192.0.2.99");
        assertThat(r.status()).isEqualTo(407);
        assertThat(r.headers()).anySatisfy(h -> assertThat(h.value()).contains("realm=\"digest.test\""));
    }

    @Test
    void aTrunkWithAnAclIsAdmittedByItsAclNotByItsOutboundAddresses() {
        assertThat(call("+17066041490", "acl", "203.0.113.7").status()).isEqualTo(480);
        Decision.Respond r = call("+17066041490", "acl", "198.51.100.30");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.reason()).isEqualTo("Forbidden (source address not allowed by trunk acl)");
    }
}
