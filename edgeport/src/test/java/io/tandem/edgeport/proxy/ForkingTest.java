package io.tandem.edgeport.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Decision;
import io.tandem.processor.DigestSecret;
import io.tandem.processor.Target;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 §16.7-§16.10 through the {@link ProxyPort}: forking, best response, CANCEL, timer C. */
class ForkingTest {
    final PortFixture f = new PortFixture();

    static Target to(String host) {
        return Target.of(SipUri.parse("sip:bob@" + host));
    }

    @Test
    void parallelForkRelaysProvisionalsAndTheFirst2xxThenCancelsTheOthers() {
        f.forward("INVITE", Decision.forward(to("a.test"), to("b.test")));
        assertThat(f.started).containsExactly("a.test", "b.test");
        f.answer("a.test", 180);
        f.answer("b.test", 180);
        assertThat(f.upstreamStatuses()).containsExactly(180, 180); // §16.7 step 5
        f.answer("b.test", 200);
        assertThat(f.upstreamStatuses()).containsExactly(180, 180, 200);
        // §16.7 step 10: the pending branch is cancelled, over its own branch's request
        assertThat(f.cancels).hasSize(1);
        assertThat(f.cancels.get(0).topVia().branch()).isEqualTo(f.sentTo("a.test").topVia().branch());
        f.answer("a.test", 487);
        assertThat(f.upstreamStatuses()).containsExactly(180, 180, 200); // nothing after the 2xx
        assertThat(f.done).isTrue();
        // our Via is gone from what goes upstream (§16.7 step 9)
        assertThat(f.upstream.get(2).vias()).hasSize(1);
    }

    @Test
    void every2xxGoesUpstreamEvenFromTwoForks() {
        f.forward("INVITE", Decision.forward(to("a.test"), to("b.test")));
        f.answer("a.test", 200);
        f.answer("b.test", 200); // RFC 6026: a second dialog's 2xx is relayed too
        assertThat(f.upstreamStatuses()).containsExactly(200, 200);
    }

    @Test
    void theBestFinalWaitsForEveryBranchAnd503BecomesA500() {
        f.forward("INVITE", Decision.forward(to("a.test"), to("b.test"), to("c.test")));
        f.answer("a.test", 503);
        f.answer("b.test", 486);
        assertThat(f.upstream).isEmpty(); // §16.7 step 6: c is pending
        f.answer("c.test", 404);
        assertThat(f.upstreamStatuses()).containsExactly(486); // lowest class; 486 came before 404
    }

    @Test
    void only503sGoUpstreamAs500() {
        f.forward("MESSAGE", Decision.forward(to("a.test"), to("b.test")));
        f.answer("a.test", 503);
        f.answer("b.test", 503);
        assertThat(f.upstreamStatuses()).containsExactly(500);
        assertThat(f.upstream.get(0).reason()).isEqualTo("Server Internal Error");
    }

    @Test
    void challengesOfEveryBranchAreCollected() {
        f.forward("INVITE", Decision.forward(to("a.test"), to("b.test")));
        f.answer("a.test", 401, "WWW-Authenticate", "Digest realm=\"a\", nonce=\"1\"");
        f.answer("b.test", 407, "Proxy-Authenticate", "Digest realm=\"b\", nonce=\"2\"");
        SipResponse best = f.upstream.get(0);
        assertThat(best.status()).isEqualTo(401); // §16.7 step 6: 401 preferred; step 7: all challenges
        assertThat(best.headers("WWW-Authenticate")).hasSize(1);
        assertThat(best.headers("Proxy-Authenticate")).hasSize(1);
    }

    @Test
    void a6xxCancelsThePendingBranchesAndWins() {
        f.forward("INVITE", Decision.forward(to("a.test"), to("b.test")));
        f.answer("b.test", 180);
        f.answer("a.test", 603);
        assertThat(f.cancels).hasSize(1); // b had a provisional: cancelled at once
        f.answer("b.test", 487);
        assertThat(f.upstreamStatuses()).containsExactly(180, 603);
    }

    @Test
    void serialForkMovesOnAfterATimeoutOr5xxOnly() {
        f.forward("INVITE", Decision.serial(List.of(to("unreachable.test"), to("b.test"), to("c.test"))));
        f.runLater();
        assertThat(f.started).containsExactly("unreachable.test", "b.test");
        f.answer("b.test", 486); // a 4xx ends the search: c is never tried
        assertThat(f.started).containsExactly("unreachable.test", "b.test");
        assertThat(f.upstreamStatuses()).containsExactly(486);
    }

    @Test
    void upstreamCancelCancelsBranchesWithAProvisionalAndAnswers487() {
        f.forward("INVITE", Decision.forward(to("a.test"), to("b.test")));
        f.answer("a.test", 180);
        f.context.cancel();
        assertThat(f.cancels).hasSize(1); // b has no provisional yet: §9.1, its CANCEL waits
        f.answer("b.test", 100);
        assertThat(f.cancels).hasSize(2); // 100 is a provisional too: b is cancelled now
        f.answer("b.test", 180);
        f.answer("a.test", 487);
        f.answer("b.test", 487);
        // b's 180 still went up (the INVITE is still Proceeding, §16.7 step 5); then one 487
        assertThat(f.upstreamStatuses()).containsExactly(180, 180, 487);
    }

    @Test
    void timerCCancelsABranchThatRingsForever() {
        f.forward("INVITE", Decision.forward(to("a.test")));
        f.answer("a.test", 180);
        f.clock.advance(f.timerSettings().timerCMillis()); // §16.8
        assertThat(f.cancels).hasSize(1);
        f.clock.advance(f.timerSettings().transactionTimeout()); // no answer to the CANCEL either
        assertThat(f.upstreamStatuses()).containsExactly(180, 408);
    }

    @Test
    void noAnswerAtAllIs408FromTimerB() {
        f.forward("MESSAGE", Decision.forward(to("a.test")));
        f.clock.advance(f.timerSettings().transactionTimeout());
        assertThat(f.upstreamStatuses()).containsExactly(408);
        assertThat(f.upstream.get(0).to().tag()).isEqualTo("ours");
    }

    @Test
    void aTargetWithCredentialsAnswersItsChallengeAndTheCallerSeesItsOwnCSeq() {
        Target t = to("trunk.test").withCredentials(new DigestSecret("u", "p"));
        f.forward("INVITE", Decision.forward(t));
        f.answer("trunk.test", 407, "Proxy-Authenticate", "Digest realm=\"carrier\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"");
        assertThat(f.upstream).isEmpty(); // the challenge never goes upstream (§22.3)
        assertThat(f.sentTo("trunk.test").header("Proxy-Authorization")).contains("username=\"u\"");
        assertThat(f.sentTo("trunk.test").cseq().sequence()).isEqualTo(2);
        f.answer("trunk.test", 200);
        assertThat(f.upstreamStatuses()).containsExactly(200);
        assertThat(f.upstream.get(0).cseq().sequence()).isEqualTo(1);
    }
}
