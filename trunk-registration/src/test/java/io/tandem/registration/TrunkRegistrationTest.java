package io.tandem.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The registration state machine on a manual clock: no sleeps, every delay checked to the millisecond. */
class TrunkRegistrationTest {
    private static final String CHALLENGE = "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n1\", qop=\"auth\", algorithm=MD5";
    private static final String CONTACT_60 = "Contact: <sip:acme@127.0.0.1:5070>;expires=60";

    private final ManualTimers timers = new ManualTimers();
    private final FakeRegistrar registrar = new FakeRegistrar();

    private TrunkRegistration registration(String... hosts) {
        List<RegistrationPlan.Registrar> rs = java.util.Arrays.stream(hosts)
            .map(h -> new RegistrationPlan.Registrar(SipUri.parse("sip:" + h), SipUri.parse("sip:acme@" + h))).toList();
        // random 0: no jitter, so the delays are exact
        return new TrunkRegistration(new RegistrationPlan("acme", rs, "acme", "secret", 600), registrar, timers, Backoff.DEFAULT, () -> 0);
    }

    private TrunkRegistration registered() {
        TrunkRegistration r = registration("gw1.example");
        r.start();
        timers.drain();
        registrar.answer(401, CHALLENGE);
        timers.drain();
        registrar.answer(200, CONTACT_60);
        timers.drain();
        return r;
    }

    @Test
    void registersAnsweringTheChallengeThenRefreshesAtHalfTheGrantedExpiryWithCredentials() {
        TrunkRegistration r = registration("gw1.example");
        r.start();
        timers.drain();
        assertThat(r.status().state()).isEqualTo(RegistrationState.REGISTERING);
        SipRequest first = registrar.last();
        assertThat(first.requestUriText()).isEqualTo("sip:gw1.example");
        assertThat(first.header("To")).isEqualTo("<sip:acme@gw1.example>");
        assertThat(first.from().tag()).isNotEmpty();
        assertThat(first.header("Contact")).isEqualTo("<sip:acme@127.0.0.1:5070>");
        assertThat(first.expires()).isEqualTo(600);
        assertThat(first.hasHeader("Authorization")).isFalse();

        registrar.answer(401, CHALLENGE);
        timers.drain();
        SipRequest second = registrar.last();
        assertThat(second.callId()).as("§10.2.4: one Call-ID").isEqualTo(first.callId());
        assertThat(second.cseq().sequence()).isEqualTo(first.cseq().sequence() + 1);
        DigestCredentials auth = (DigestCredentials) second.authorization().getFirst();
        assertThat(auth.username()).isEqualTo("acme");
        assertThat(auth.nonce()).isEqualTo("n1");
        assertThat(auth.nc()).isEqualTo("00000001");

        registrar.answer(200, CONTACT_60, "Contact: <sip:other@192.0.2.1>;expires=3600");
        timers.drain();
        assertThat(r.status().state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(r.status().nextAtMillis()).as("refresh at half of our Contact's expires").isEqualTo(timers.nowMillis() + 30_000);

        timers.advance(29_999);
        assertThat(registrar.sent).hasSize(2);
        timers.advance(1);
        assertThat(r.status().state()).isEqualTo(RegistrationState.REFRESHING);
        SipRequest refresh = registrar.last();
        assertThat(refresh.cseq().sequence()).isEqualTo(second.cseq().sequence() + 1);
        assertThat(((DigestCredentials) refresh.authorization().getFirst()).nc()).as("the kept challenge, next nc").isEqualTo("00000002");

        registrar.answer(200, "Expires: 40"); // no Contact of ours: the Expires header counts
        timers.drain();
        assertThat(r.status().state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(r.status().nextAtMillis()).isEqualTo(timers.nowMillis() + 20_000);
    }

    @Test
    void failuresBackOffDoublingToFiveMinutesAndFailOverToTheNextRegistrar() {
        TrunkRegistration r = registration("gw1.example", "gw2.example");
        r.start();
        timers.drain();
        long[] expected = {5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000};
        for (int i = 0; i < expected.length; i++) {
            String host = registrar.last().requestUriText();
            assertThat(host).isEqualTo(i % 2 == 0 ? "sip:gw1.example" : "sip:gw2.example");
            registrar.answer(i % 2 == 0 ? 503 : 408);
            timers.drain();
            assertThat(r.status().state()).isEqualTo(RegistrationState.FAILED);
            assertThat(r.status().nextAtMillis() - timers.nowMillis()).as("delay after failure %d", i + 1).isEqualTo(expected[i]);
            int before = registrar.sent.size();
            timers.advance(expected[i] - 1);
            assertThat(registrar.sent).hasSize(before);
            timers.advance(1);
            assertThat(registrar.sent).hasSize(before + 1);
            assertThat(r.status().state()).isEqualTo(RegistrationState.REGISTERING);
        }
        registrar.answer(200, "Expires: 100");
        timers.drain();
        registrar.answer(200); // nothing pending: ignored
        timers.advance(50_000);
        registrar.answer(503);
        timers.drain();
        assertThat(r.status().nextAtMillis() - timers.nowMillis()).as("a success resets the back-off").isEqualTo(5_000);
    }

    @Test
    void jitterOnlyShortensTheDelay() {
        Backoff b = Backoff.DEFAULT;
        assertThat(b.delayMillis(1, 0.0)).isEqualTo(5_000);
        assertThat(b.delayMillis(1, 0.5)).isEqualTo(4_500);
        assertThat(b.delayMillis(3, 0.999)).isBetween(16_000L, 20_000L);
        assertThat(b.delayMillis(100, 0.0)).isEqualTo(300_000);
    }

    @Test
    void aSecondChallengeInTheSameAttemptMeansTheCredentialsAreRefusedButAStaleNonceIsAnsweredAgain() {
        TrunkRegistration r = registration("gw1.example");
        r.start();
        timers.drain();
        registrar.answer(401, CHALLENGE);
        timers.drain();
        registrar.answer(401, CHALLENGE.replace("n1", "n2") + ", stale=true");
        timers.drain();
        assertThat(((DigestCredentials) registrar.last().authorization().getFirst()).nonce()).isEqualTo("n2");
        registrar.answer(401, CHALLENGE.replace("n1", "n3"));
        timers.drain();
        assertThat(r.status().state()).isEqualTo(RegistrationState.FAILED);
        assertThat(r.status().problem()).contains("credentials refused");
        timers.advance(5_000);
        assertThat(registrar.last().hasHeader("Authorization")).as("a new attempt starts without the old challenge").isFalse();
    }

    @Test
    void intervalTooBriefAsksAgainWithMinExpires() {
        TrunkRegistration r = registration("gw1.example");
        r.start();
        timers.drain();
        registrar.answer(423, "Min-Expires: 1800");
        timers.drain();
        assertThat(registrar.last().expires()).isEqualTo(1800);
        assertThat(r.status().state()).isEqualTo(RegistrationState.REGISTERING);
        registrar.answer(423, "Min-Expires: 1800"); // no higher Min-Expires: a failure, not a loop
        timers.drain();
        assertThat(r.status().state()).isEqualTo(RegistrationState.FAILED);
    }

    @Test
    void retryAfterLongerThanTheBackoffIsHonoured() {
        TrunkRegistration r = registration("gw1.example");
        r.start();
        timers.drain();
        registrar.answer(503, "Retry-After: 120 (maintenance)");
        timers.drain();
        assertThat(r.status().nextAtMillis() - timers.nowMillis()).isEqualTo(120_000);
    }

    @Test
    void stopDeregistersOurContactWithExpiresZero() {
        TrunkRegistration r = registered();
        CompletionStage<Void> stopped = r.stop();
        timers.drain();
        assertThat(r.status().state()).isEqualTo(RegistrationState.UNREGISTERING);
        SipRequest bye = registrar.last();
        assertThat(bye.expires()).isZero();
        assertThat(bye.header("Contact")).isEqualTo("<sip:acme@127.0.0.1:5070>");
        assertThat(bye.hasHeader("Authorization")).isTrue();
        assertThat(stopped.toCompletableFuture()).isNotDone();
        registrar.answer(200);
        timers.drain();
        assertThat(stopped.toCompletableFuture()).isDone();
        assertThat(r.status().state()).isEqualTo(RegistrationState.UNREGISTERED);
        timers.advance(3_600_000);
        assertThat(registrar.last()).as("no refresh after the stop").isSameAs(bye);
    }

    @Test
    void stopWithoutABindingSendsNothingAndALateResponseIsIgnored() {
        TrunkRegistration r = registration("gw1.example");
        r.start();
        timers.drain();
        registrar.answer(500);
        timers.drain();
        int sent = registrar.sent.size();
        CompletionStage<Void> stopped = r.stop();
        timers.drain();
        assertThat(stopped.toCompletableFuture()).isDone();
        assertThat(registrar.sent).hasSize(sent);
        timers.advance(600_000);
        assertThat(registrar.sent).as("no retry after the stop").hasSize(sent);
    }

    @Test
    void stopWhileRegisteringDeregistersAndIgnoresTheEarlierAnswer() {
        TrunkRegistration r = registration("gw1.example");
        r.start();
        timers.drain();
        var first = registrar.sent.getLast();
        CompletionStage<Void> stopped = r.stop();
        timers.drain();
        assertThat(registrar.last().expires()).isZero();
        FakeRegistrar.answer(first, 200, CONTACT_60);
        timers.drain();
        assertThat(r.status().state()).isEqualTo(RegistrationState.UNREGISTERING);
        registrar.answer(200);
        timers.drain();
        assertThat(stopped.toCompletableFuture()).isDone();
    }

    @Test
    void statusDescribesStateRegistrarAndNextStep() {
        TrunkRegistration r = registered();
        assertThat(r.status().describe(timers.nowMillis())).isEqualTo("trunk acme: REGISTERED at sip:gw1.example, refresh in 30 s");
    }
}
