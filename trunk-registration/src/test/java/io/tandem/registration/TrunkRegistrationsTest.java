package io.tandem.registration;

import static io.tandem.registration.RegistrationPlanTest.credentials;
import static io.tandem.registration.RegistrationPlanTest.trunk;
import static io.tandem.registration.RegistrationPlanTest.uri;
import static io.tandem.registration.RegistrationPlanTest.world;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.provisioning.Trunk;
import org.junit.jupiter.api.Test;

/** The set of registrations over provisioning reloads. */
class TrunkRegistrationsTest {
    private final ManualTimers timers = new ManualTimers();
    private final FakeRegistrar registrar = new FakeRegistrar();
    private final TrunkRegistrations regs = new TrunkRegistrations(registrar, timers, Backoff.DEFAULT, () -> 0, 600);

    @Test
    void registersTheTrunksThatAskAndFollowsReloads() {
        Trunk acme = trunk("acme", true, "cred", uri("gw1", 0, Trunk.Transport.UDP, true));
        Trunk quiet = trunk("quiet", false, null, uri("gw2", 0, Trunk.Transport.UDP, true));
        Trunk broken = trunk("broken", true, null, uri("gw3", 0, Trunk.Transport.UDP, false));
        var creds = credentials("cred", "u", "p");
        regs.start(world(creds, acme, quiet, broken));
        timers.drain();
        assertThat(registrar.sent).hasSize(1);
        registrar.answer(200, "Expires: 600");
        timers.drain();
        assertThat(regs.describe()).containsExactly(
            "trunk acme: REGISTERED at sip:gw1, refresh in 300 s",
            "trunk broken: FAILED (no enabled outbound URI to register with)");

        regs.reloaded(world(creds, acme, quiet)); // unchanged: left alone
        timers.drain();
        assertThat(registrar.sent).hasSize(1);

        Trunk moved = trunk("acme", true, "cred", uri("gw9", 0, Trunk.Transport.UDP, true));
        regs.reloaded(world(creds, moved));
        timers.drain();
        assertThat(registrar.last().expires()).as("the old binding goes first").isZero();
        assertThat(registrar.last().requestUriText()).isEqualTo("sip:gw1");
        registrar.answer(200);
        timers.drain();
        assertThat(registrar.last().requestUriText()).isEqualTo("sip:gw9");
        assertThat(registrar.last().expires()).isEqualTo(600);
        assertThat(regs.statuses()).extracting(RegistrationStatus::state).containsExactly(RegistrationState.REGISTERING);
    }
}
