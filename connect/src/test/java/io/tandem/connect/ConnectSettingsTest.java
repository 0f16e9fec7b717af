package io.tandem.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.connect.auth.NonceService;
import io.tandem.location.MemoryLocationService;
import io.tandem.processor.Decision;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Credentials;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Metadata;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.sip.auth.DigestAlgorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registrar's limits as settings: defaults, with-methods, validation naming the field, and the contact limit applied. */
class ConnectSettingsTest {
    private static final Metadata M = new Metadata("m");

    @Test
    void defaultsAreTheRegistrarsFormerConstants() {
        ConnectSettings d = ConnectSettings.DEFAULT;
        assertThat(d.minExpires()).isEqualTo(60);
        assertThat(d.maxExpires()).isEqualTo(3600);
        assertThat(d.defaultExpires()).isEqualTo(3600);
        assertThat(d.nonceLifetimeMillis()).isEqualTo(300_000);
        assertThat(d.maxContacts()).as("no server-wide limit").isZero();
        assertThat(d.numbering()).isSameAs(NumberingPlan.NANP);
        assertThat(d.digestAlgorithms()).isEqualTo(ConnectSettings.SHA256_AND_MD5);
    }

    @Test
    void eachWithChangesOneField() {
        ConnectSettings s = ConnectSettings.DEFAULT.withMinExpires(30).withMaxExpires(7200).withDefaultExpires(1800)
            .withMaxContacts(5).withNonceLifetimeMillis(1000).withDigestAlgorithms(List.of(DigestAlgorithm.MD5))
            .withNumbering(new NumberingPlan("44", List.of("00"), "0", 10));
        assertThat(s).isEqualTo(new ConnectSettings(30, 7200, 1800, 1000, new NumberingPlan("44", List.of("00"), "0", 10),
            List.of(DigestAlgorithm.MD5), 5));
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingItsField() {
        ConnectSettings d = ConnectSettings.DEFAULT;
        assertThatThrownBy(() -> d.withMinExpires(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("minExpires must be at least 1, not 0");
        assertThatThrownBy(() -> d.withMaxExpires(59)).hasMessage("maxExpires must be at least minExpires (60), not 59");
        assertThatThrownBy(() -> d.withDefaultExpires(10)).hasMessage("defaultExpires must be at least minExpires (60), not 10");
        assertThatThrownBy(() -> d.withNonceLifetimeMillis(0)).hasMessage("nonceLifetimeMillis must be positive, not 0");
        assertThatThrownBy(() -> d.withMaxContacts(-1)).hasMessage("maxContacts must be 0 (no limit) or more, not -1");
        assertThatThrownBy(() -> d.withNumbering(null)).hasMessage("numbering must be given");
        assertThatThrownBy(() -> d.withDigestAlgorithms(List.of())).hasMessageStartingWith("digestAlgorithms must be");
    }

    @Test
    void theServersContactLimitAppliesToAnAgentWithoutItsOwn() {
        ProvisioningSnapshot p = ProvisioningSnapshot.of(List.of(
            new Domain("v2", "dom-1", M, new Domain.Spec(null, new Domain.Context("sip.test", null, List.of()))),
            new Credentials("v2", "cred", M, new Credentials.Spec(new Credentials.UsernamePassword("1001", "pw"))),
            new Credentials("v2", "cred2", M, new Credentials.Spec(new Credentials.UsernamePassword("1002", "pw"))),
            new Agent("v2", "agent-1001", M, new Agent.Spec("1001", "dom-1", "cred", null, -1, null, true)),
            new Agent("v2", "agent-1002", M, new Agent.Spec("1002", "dom-1", "cred2", null, 2, null, true))));
        NonceService nonces = new NonceService(new byte[32], 300_000, System::currentTimeMillis);
        ConnectProcessor connect = new ConnectProcessor(p, new MemoryLocationService(), ConnectSettings.DEFAULT.withMaxContacts(1), nonces);
        for (String user : List.of("1001", "1002")) {
            assertThat(register(connect, nonces, user, "192.0.2.1").status()).isEqualTo(200);
        }
        Decision.Respond tooMany = register(connect, nonces, "1001", "192.0.2.2");
        assertThat(tooMany.status()).isEqualTo(403);
        assertThat(tooMany.reason()).isEqualTo("Forbidden (more than 1 contacts for sip:1001@sip.test)");
        assertThat(register(connect, nonces, "1002", "192.0.2.2").status()).as("spec.maxContacts 2 wins").isEqualTo(200);
    }

    private static Decision.Respond register(ConnectProcessor connect, NonceService nonces, String user, String contactHost) {
        String aor = "sip:" + user + "@sip.test";
        Decision d = connect.process(Requests.request("REGISTER", "sip:sip.test", aor, aor, "203.0.113.5",
            Requests.credentials(nonces, "Authorization", "REGISTER", "sip:sip.test", user, "pw", "sip.test"),
            "Contact: <sip:" + user + "@" + contactHost + ":5060>", "Expires: 600")).toCompletableFuture().join();
        assertThat(d).isInstanceOf(Decision.Respond.class);
        return (Decision.Respond) d;
    }
}
