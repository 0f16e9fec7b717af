package io.tandem.edgeport.transaction;

import static io.tandem.edgeport.transaction.Msgs.incoming;
import static io.tandem.edgeport.transaction.Msgs.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.transaction.InviteServerTransaction.State;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

/** RFC 3261 §17.2.1 with RFC 6026 §7.1: timers G, H, I, L, retransmission absorption, ACK handling. */
class InviteServerTransactionTest {
    final ManualTimerService clock = new ManualTimerService();
    final Recorder tu = new Recorder(clock);
    final TransactionLayer layer = new TransactionLayer(clock, Msgs.T, tu);
    final RecordingFlow udp = new RecordingFlow(Transport.UDP, clock);
    final RecordingFlow responses = new RecordingFlow(Transport.UDP, clock);
    final SipRequest invite = incoming("INVITE", "z9hG4bK-c1", 1, null);

    InviteServerTransaction start(RecordingFlow flow) {
        layer.onRequest(invite, flow);
        return (InviteServerTransaction) tu.of("request").get(0).subject();
    }

    @Test
    void newInviteReachesTuAndNothingIsSentOnItsOwn() {
        udp.responseFlow = responses;
        InviteServerTransaction tx = start(udp);
        assertThat(tu.summary()).containsExactly("request@0");
        assertThat(tu.events.get(0).message()).isSameAs(invite);
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
        assertThat(tx.flow()).isSameAs(responses);
        assertThat(tx.requestFlow()).isSameAs(udp);
        assertThat(udp.forResponseVia).isEqualTo(invite.topVia());
        assertThat(layer.serverCount()).isEqualTo(1);
        clock.advance(60_000);
        assertThat(responses.count()).isZero();
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
    }

    @Test
    void sendTryingSends100WithTimestampAndNoToTagOnTheResponseFlow() {
        udp.responseFlow = responses;
        InviteServerTransaction tx = start(udp);
        assertThat(tx.sendTrying()).isTrue();
        assertThat(udp.count()).isZero();
        SipResponse trying = (SipResponse) responses.last();
        assertThat(trying.status()).isEqualTo(100);
        assertThat(trying.reason()).isEqualTo("Trying");
        assertThat(trying.header("Timestamp")).isEqualTo("54");
        assertThat(trying.to().tag()).isNull();
        assertThat(trying.header("Via")).isEqualTo(invite.header("Via"));
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
    }

    @Test
    void retransmissionInProceedingIsAbsorbedAndGetsTheLastProvisional() {
        InviteServerTransaction tx = start(udp);
        layer.onRequest(incoming("INVITE", "z9hG4bK-c1", 1, null), udp);
        assertThat(udp.count()).isZero(); // nothing to re-send yet
        SipResponse ringing = response(invite, 180, "t1");
        tx.sendTrying();
        tx.sendResponse(ringing);
        clock.advance(700);
        layer.onRequest(incoming("INVITE", "z9hG4bK-c1", 1, null), udp);
        assertThat(udp.messages()).hasSize(3);
        assertThat(udp.last()).isSameAs(ringing);
        assertThat(udp.times()).containsExactly(0L, 0L, 700L);
        assertThat(tu.of("request")).hasSize(1);
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
        assertThat(layer.retransmissionsReceived()).as("counted for tandem_sip_retransmissions_total").isEqualTo(2);
        assertThat(layer.retransmissionsSent()).isZero();
    }

    @Test
    void nonSuccessFinalOverUdpIsRetransmittedByTimerGUpToT2UntilTimerH() {
        InviteServerTransaction tx = start(udp);
        SipResponse busy = response(invite, 486, "t1");
        assertThat(tx.sendResponse(busy)).isTrue();
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        clock.advance(31_999);
        assertThat(udp.times()).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L,
            27500L, 31500L);
        assertThat(layer.retransmissionsSent()).as("timer G, counted").isEqualTo(10);
        assertThat(udp.messages()).allMatch(m -> m.toString().equals(busy.toString())); // the same bytes, kept lean
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        assertThat(tu.of("failed")).isEmpty();
        clock.advance(1); // timer H = 64·T1
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(tu.summary()).containsExactly("request@0", "failed@32000:timer H: no ACK for the final response");
        assertThat(layer.serverCount()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void retransmittedInviteInCompletedGetsTheFinalAgain() {
        InviteServerTransaction tx = start(udp);
        SipResponse busy = response(invite, 486, "t1");
        tx.sendResponse(busy);
        clock.advance(200);
        layer.onRequest(incoming("INVITE", "z9hG4bK-c1", 1, null), udp);
        assertThat(udp.times()).containsExactly(0L, 200L);
        assertThat(udp.last().toString()).isEqualTo(busy.toString());
        assertThat(tu.of("request")).hasSize(1);
    }

    @Test
    void ackInCompletedConfirmsStopsGAndTimerIEndsItAfterT4() {
        InviteServerTransaction tx = start(udp);
        SipResponse busy = response(invite, 486, "t1");
        tx.sendResponse(busy);
        clock.advance(1000); // G fired once at 500
        layer.onRequest(incoming("ACK", "z9hG4bK-c1", 1, "t1"), udp);
        assertThat(tx.state()).isEqualTo(State.CONFIRMED);
        layer.onRequest(incoming("ACK", "z9hG4bK-c1", 1, "t1"), udp); // retransmitted ACK absorbed
        layer.onRequest(incoming("INVITE", "z9hG4bK-c1", 1, null), udp); // absorbed silently in Confirmed
        clock.advance(4999);
        assertThat(tx.state()).isEqualTo(State.CONFIRMED);
        clock.advance(1); // timer I = T4
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(udp.times()).containsExactly(0L, 500L);
        assertThat(tu.summary()).containsExactly("request@0");
        assertThat(layer.size()).isZero();
    }

    @Test
    void overTcpNoRetransmissionsTimerHStillRunsAndAckTerminatesAtOnce() {
        RecordingFlow tcp = new RecordingFlow(Transport.TCP, clock);
        InviteServerTransaction tx = start(tcp);
        tx.sendResponse(response(invite, 603, "t1"));
        clock.advance(20_000);
        assertThat(tcp.times()).containsExactly(0L);
        layer.onRequest(incoming("ACK", "z9hG4bK-c1", 1, "t1"), tcp);
        assertThat(tx.state()).isEqualTo(State.TERMINATED); // timer I = 0 over reliable transports
        assertThat(clock.pending()).isZero();

        InviteServerTransaction second = start2(tcp, "z9hG4bK-c2");
        second.sendResponse(response(second.request(), 480, "t2"));
        clock.advance(31_999);
        assertThat(second.state()).isEqualTo(State.COMPLETED);
        clock.advance(1);
        assertThat(second.state()).isEqualTo(State.TERMINATED);
        assertThat(tu.of("failed")).hasSize(1);
        assertThat(tcp.count()).isEqualTo(2);
    }

    private InviteServerTransaction start2(RecordingFlow flow, String branch) {
        layer.onRequest(incoming("INVITE", branch, 2, null), flow);
        return (InviteServerTransaction) tu.of("request").get(tu.of("request").size() - 1).subject();
    }

    @Test
    void successGoesToAcceptedWhereTimerLEndsItAndAcksGoToTheTu() {
        InviteServerTransaction tx = start(udp);
        SipResponse ok = response(invite, 200, "t1");
        assertThat(tx.sendResponse(ok)).isTrue();
        assertThat(tx.state()).isEqualTo(State.ACCEPTED);
        clock.advance(1000);
        layer.onRequest(incoming("INVITE", "z9hG4bK-c1", 1, null), udp); // absorbed, nothing re-sent
        assertThat(tx.sendResponse(ok)).isTrue(); // 2xx retransmission from the TU is sent
        assertThat(tx.sendResponse(response(invite, 500, "t1"))).isFalse();
        SipRequest ack = incoming("ACK", "z9hG4bK-c1", 1, "t1");
        layer.onRequest(ack, udp);
        SipRequest ack2 = incoming("ACK", "z9hG4bK-a2", 1, "t1"); // 2xx ACK: its own branch
        layer.onRequest(ack2, udp);
        assertThat(udp.times()).containsExactly(0L, 1000L);
        assertThat(tu.summary()).containsExactly("request@0", "ack@1000", "ack@1000");
        assertThat(tu.of("ack").get(0).message()).isSameAs(ack);
        assertThat(tu.of("ack").get(1).message()).isSameAs(ack2);
        assertThat(tx.state()).isEqualTo(State.ACCEPTED);
        clock.advanceTo(31_999);
        assertThat(tx.state()).isEqualTo(State.ACCEPTED);
        clock.advanceTo(32_000); // timer L = 64·T1
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(tu.of("failed")).isEmpty();
        assertThat(tx.sendResponse(ok)).isFalse();
        assertThat(udp.count()).isEqualTo(2);
    }

    @Test
    void afterTheFinalResponseOthersAreRefused() {
        InviteServerTransaction tx = start(udp);
        tx.sendResponse(response(invite, 404, "t1"));
        assertThat(tx.sendResponse(response(invite, 200, "t1"))).isFalse();
        assertThat(tx.sendResponse(response(invite, 180, "t1"))).isFalse();
        assertThat(tx.sendTrying()).isFalse();
        assertThat(udp.count()).isEqualTo(1);
        assertThat(tx.hasFinalResponse()).isTrue();
    }

    @Test
    void transportErrorOnTheFinalResponseTerminatesAndTellsTheTu() {
        InviteServerTransaction tx = start(udp);
        udp.failSends = true;
        tx.sendResponse(response(invite, 486, "t1"));
        clock.runDue(); // send failures are handled on the owning thread, after the transition
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(tu.summary()).containsExactly("request@0", "failed@0:transport error: java.io.IOException: connection refused");
        assertThat(layer.size()).isZero();
        clock.advance(40_000);
        assertThat(udp.count()).isEqualTo(1); // no timer G retransmissions after termination
    }

    @Test
    void transportErrorOnA2xxIsLeftToTheTuAndTheTransactionStaysUntilL() {
        InviteServerTransaction tx = start(udp);
        udp.failSends = true;
        tx.sendResponse(response(invite, 200, "t1"));
        clock.runDue();
        assertThat(tx.state()).isEqualTo(State.ACCEPTED);
        assertThat(tu.of("failed")).isEmpty();
    }
}
