package io.tandem.edgeport.it;

import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import io.tandem.testkit.TlsRelay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.edgeport.config.Timers;
import io.tandem.processor.Decision;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CANCEL (RFC 3261 §9, §16.10) and parallel forking (§16.7 step 10) through the EdgePort. */
class CancelAndForkTest extends EdgePortFixture {

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void callerCancelsAfterRinging(Transport t) throws Exception {
        start(RFC, t);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, t));
        Sipp.Run callee = sipp.uas("uas_cancelled.xml", calleePort).transport(t).start();
        Sipp.Run caller = sipp.uac("uac_cancel.xml", Ports.free(), edgeAddress(t)).transport(t).start();
        caller.assertSuccess();
        callee.assertSuccess();

        SipRequest invite = callee.received("INVITE").get(0);
        SipRequest cancel = callee.received("CANCEL").get(0);
        // §9.1, §16.10: the proxy's own CANCEL, in the INVITE's branch, with only the proxy's Via
        assertThat(cancel.vias()).hasSize(1);
        assertThat(cancel.topVia().branch()).isEqualTo(invite.topVia().branch());
        assertThat(cancel.cseq().sequence()).isEqualTo(invite.cseq().sequence());
        assertThat(cancel.requestUriText()).isEqualTo(invite.requestUriText());
        // §17.1.1.3: the ACK for the 487 is the proxy's, hop by hop (one per 487 received, should the
        // callee have resent it); the caller's own ACK stays at the proxy
        assertThat(callee.received("ACK")).isNotEmpty().allSatisfy(ack -> {
            assertThat(ack.vias()).hasSize(1);
            assertThat(ack.topVia().branch()).isEqualTo(invite.topVia().branch());
        });
        // the caller: 200 for its CANCEL, then the 487, no other final response
        List<Integer> finals = caller.receivedResponses().stream().map(SipResponse::status).filter(s -> s >= 200).distinct().toList();
        assertThat(finals).containsExactly(200, 487);
        // the CANCEL is the proxy's business: the processor was asked about the INVITE only
        assertThat(routes.asked).containsExactly("INVITE bob");
    }

    @Test
    void callerCancelsWhileTheProcessorDecides() throws Exception {
        start(RFC, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP)).delay(800);
        Sipp.Run callee = sipp.uas("uas_silent.xml", calleePort).start();
        Sipp.Run caller = sipp.uac("uac_cancel_early.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        caller.assertSuccess();
        // the decision comes after the CANCEL: the proxy answered 487 itself at once, and forwards nothing
        Sipp.sleep(800);
        assertThat(callee.received("INVITE")).isEmpty();
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200).containsOnly(200, 487);
    }

    @Test
    void callerCancelsBeforeTheCalleeAnsweredAnything() throws Exception {
        start(FAST, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        // the callee never answers: the proxy may not CANCEL a branch without a provisional
        // response (§9.1), so the branch ends with timer B (64·T1 = 3.2 s here)
        Sipp.Run callee = sipp.uas("uas_silent.xml", calleePort).set("HOLD_MS", 3500).start();
        Sipp.Run caller = sipp.uac("uac_cancel_early.xml", Ports.free(), edgeAddress(Transport.UDP))
            .timeout(Duration.ofSeconds(10)).start();
        caller.assertSuccess();
        // the caller asked for the end of the search: its INVITE ends with 487, not 408
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200).containsOnly(200, 487);
        assertThat(callee.received("CANCEL")).isEmpty();
    }

    @Test
    void cancelledBranchThatNeverAnswersEndsAfter64T1() throws Exception {
        start(FAST, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        // the callee rings, then ignores the CANCEL and never answers the INVITE: §9.1 says to
        // consider the INVITE cancelled 64·T1 after the CANCEL and destroy its client transaction
        Sipp.Run callee = sipp.uas("uas_ignores_cancel.xml", calleePort).set("HOLD_MS", 4000).start();
        Sipp.Run caller = sipp.uac("uac_cancel.xml", Ports.free(), edgeAddress(Transport.UDP))
            .timeout(Duration.ofSeconds(10)).start();
        caller.assertSuccess();
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200).containsOnly(200, 487);
        // the CANCEL's own client transaction retransmitted it (timer E) until timer F
        assertThat(callee.received("CANCEL").size()).isGreaterThanOrEqualTo(2);
        // nothing is left behind: the INVITE client transaction was destroyed with the branch
        await().atMost(Duration.ofSeconds(8)).until(() -> edge.transactionCount() == 0);
    }

    @Test
    void timerCCancelsABranchThatRingsTooLong() throws Exception {
        // §16.8: timer C fires on a branch that has had a provisional response: the proxy CANCELs
        // it, the callee answers 487, and that is what the caller gets.
        start(new Timers(50, 400, 500, 1000), Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        Sipp.Run ringing = sipp.uas("uas_cancelled.xml", calleePort).start();
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(Transport.UDP)).set("STATUS", 487).start();
        caller.assertSuccess();
        ringing.assertSuccess();
        assertThat(ringing.received("CANCEL")).hasSize(1);
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200).containsOnly(487);
    }

    @Test
    void parallelForkEndsOnA6xx() throws Exception {
        start(RFC, Transport.UDP);
        int declinePort = Ports.free();
        int ringPort = Ports.free();
        routes.route("bob", Decision.Fork.PARALLEL, uri("bob", declinePort, Transport.UDP), uri("bob", ringPort, Transport.UDP));
        Sipp.Run declining = sipp.uas("uas_reject.xml", declinePort).set("STATUS", 603).set("REASON", "Decline").start();
        Sipp.Run ringing = sipp.uas("uas_cancelled.xml", ringPort).start();
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(Transport.UDP)).set("STATUS", 603).start();
        caller.assertSuccess();
        declining.assertSuccess();
        ringing.assertSuccess();
        // §16.7 step 5: a 6xx cancels the other branches, and it is the response the caller gets (step 6)
        assertThat(ringing.received("CANCEL")).hasSize(1);
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200).containsOnly(603);
    }

    @Test
    void parallelForkCancelsTheLosingBranch() throws Exception {
        start(RFC, Transport.UDP);
        int answerPort = Ports.free();
        int ringPort = Ports.free();
        routes.route("bob", Decision.Fork.PARALLEL, uri("bob", answerPort, Transport.UDP), uri("bob", ringPort, Transport.UDP));
        // the first callee answers after 500 ms; the second rings on and must be cancelled
        Sipp.Run answering = sipp.uas("uas_call.xml", answerPort).set("RING_MS", 500).start();
        Sipp.Run ringing = sipp.uas("uas_cancelled.xml", ringPort).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        caller.assertSuccess();
        answering.assertSuccess();
        ringing.assertSuccess();

        assertThat(ringing.received("CANCEL")).hasSize(1);
        assertThat(ringing.received("ACK")).isNotEmpty();
        assertThat(ringing.received("BYE")).isEmpty();
        assertThat(answering.received("BYE")).hasSize(1);
        // both branches rang: the caller saw a 180 from each (§16.7 step 5)
        assertThat(caller.receivedResponses().stream().filter(r -> r.status() == 180).map(r -> r.to().tag()).distinct())
            .hasSize(2);
        // the cancelled branch's 487 is not forwarded once a 2xx went upstream (§16.7 step 6)
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).doesNotContain(487);
    }
}
