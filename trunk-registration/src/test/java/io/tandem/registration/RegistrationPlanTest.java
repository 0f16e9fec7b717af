package io.tandem.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.provisioning.Credentials;
import io.tandem.provisioning.Metadata;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.provisioning.Resource;
import io.tandem.provisioning.Trunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationPlanTest {
    static Trunk trunk(String ref, boolean sendRegister, String credentialsRef, Trunk.OutboundUri... uris) {
        return new Trunk("v2beta1", ref, new Metadata(ref), new Trunk.Spec(null,
            new Trunk.Outbound(sendRegister, credentialsRef, List.of(uris))));
    }

    static Trunk.OutboundUri uri(String host, int port, Trunk.Transport t, boolean enabled) {
        return new Trunk.OutboundUri(new Trunk.Uri(null, host, port, t), 0, 1, enabled);
    }

    static Credentials credentials(String ref, String user, String password) {
        return new Credentials("v2beta1", ref, new Metadata(ref),
            new Credentials.Spec(new Credentials.UsernamePassword(user, password)));
    }

    static ProvisioningSnapshot world(Resource... rs) {
        return ProvisioningSnapshot.of(new ArrayList<>(List.of(rs)));
    }

    @Test
    void registrarsAreTheEnabledUrisWithTheCredentialsUserAsAor() {
        Trunk t = trunk("acme", true, "cred-acme", uri("gw0.acme.example", 0, Trunk.Transport.UDP, false),
            uri("gw1.acme.example", 5080, Trunk.Transport.TCP, true), uri("192.0.2.7", 0, Trunk.Transport.UDP, true));
        RegistrationPlan p = RegistrationPlan.of(t, world(credentials("cred-acme", "acme-user", "pw"), t), 600);
        assertThat(p.registrars()).extracting(r -> r.requestUri().toString())
            .containsExactly("sip:gw1.acme.example:5080;transport=tcp", "sip:192.0.2.7");
        assertThat(p.registrars()).extracting(r -> r.aor().toString())
            .containsExactly("sip:acme-user@gw1.acme.example", "sip:acme-user@192.0.2.7");
        assertThat(p.user()).isEqualTo("acme-user");
        assertThat(p.password()).isEqualTo("pw");
        assertThat(p.toString()).doesNotContain("pw");
        assertThat(RegistrationPlan.wanted(t)).isTrue();
    }

    @Test
    void refusesWhatCannotBeRegistered() {
        Trunk noUri = trunk("b", true, null, uri("gw", 0, Trunk.Transport.UDP, false));
        assertThatThrownBy(() -> RegistrationPlan.of(noUri, world(noUri), 600)).hasMessageContaining("no enabled outbound URI");
        Trunk sctp = trunk("c", true, null, uri("gw", 0, Trunk.Transport.SCTP, true));
        assertThatThrownBy(() -> RegistrationPlan.of(sctp, world(sctp), 600)).hasMessageContaining("SCTP");
        assertThat(RegistrationPlan.wanted(trunk("d", false, null))).isFalse();
    }
}
