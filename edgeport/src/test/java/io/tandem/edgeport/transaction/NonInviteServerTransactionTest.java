package io.tandem.edgeport.transaction;

import static io.tandem.edgeport.transaction.Msgs.incoming;
import static io.tandem.edgeport.transaction.Msgs.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.transaction.NonInviteServerTransaction.State;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

/** RFC 3261 §17.2.2: Trying, Proceeding, Completed with timer J, retransmission absorption. */
class NonInviteServerTransactionTest {
    final ManualTimerService clock = new ManualTimerService();
    final Recorder tu = new Recorder(clock);
    final TransactionLayer layer = new TransactionLayer(clock, Msgs.T, tu);
    final RecordingFlow udp = new RecordingFlow(Transport.UDP, clock);
    final SipRequest bye = incoming("BYE", "z9hG4bK-b1", 2, "t1");

    NonInviteServerTransaction start(RecordingFlow flow) {
        layer.onRequest(bye, flow);
        return (NonInviteServerTransaction) tu.of("request").get(tu.of("request").size() - 1).subject();
    }

    SipRequest retransmission() {
        return incoming("BYE", "z9hG4bK-b1", 2, "t1");
    }

    @Test
    void retransmissionInTryingIsDiscarded() {
        NonInviteServerTransaction tx = start(udp);
        clock.advance(500);
        layer.onRequest(retransmission(), udp);
        assertThat(tx.state()).isEqualTo(State.TRYING);
        assertThat(udp.count()).isZero();
        assertThat(tu.summary()).containsExactly("request@0");
    }

    @Test
    void provisionalMovesToProceedingWhereRetransmissionsGetItAgain() {
        NonInviteServerTransaction tx = start(udp);
        SipResponse trying = response(bye, 100, null);
        assertThat(tx.sendResponse(trying)).isTrue();
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
        clock.advance(500);
        layer.onRequest(retransmission(), udp);
        clock.advance(1000);
        layer.onRequest(retransmission(), udp);
        assertThat(udp.times()).containsExactly(0L, 500L, 1500L);
        assertThat(udp.messages()).allMatch(m -> m == trying);
        assertThat(tu.of("request")).hasSize(1);
    }

    @Test
    void finalOverUdpCompletesRetransmissionsGetTheFinalAndTimerJEndsIt() {
        NonInviteServerTransaction tx = start(udp);
        tx.sendResponse(response(bye, 100, null));
        clock.advance(100);
        SipResponse ok = response(bye, 200, null);
        assertThat(tx.sendResponse(ok)).isTrue();
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        assertThat(tx.sendResponse(response(bye, 500, null))).isFalse(); // later finals discarded
        clock.advance(3000);
        layer.onRequest(retransmission(), udp);
        assertThat(udp.times()).containsExactly(0L, 100L, 3100L);
        assertThat(udp.last().toString()).isEqualTo(ok.toString()); // the same bytes (kept lean in Completed)
        clock.advanceTo(100 + 31_999);
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        clock.advance(1); // timer J = 64·T1
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(layer.serverCount()).isZero();
        assertThat(udp.count()).isEqualTo(3); // the server never retransmits on its own
        assertThat(tu.summary()).containsExactly("request@0");
    }

    @Test
    void aConfiguredLingerReplacesTimerJ() {
        TransactionLayer lingering = new TransactionLayer(clock, new TimerSettings(500, 4000, 5000, 180_000, 5000), tu);
        lingering.onRequest(bye, udp);
        NonInviteServerTransaction tx = (NonInviteServerTransaction) tu.of("request").getFirst().subject();
        tx.sendResponse(response(bye, 200, null));
        clock.advance(4999);
        lingering.onRequest(retransmission(), udp); // still absorbed: the 200 again
        assertThat(udp.count()).isEqualTo(2);
        clock.advance(1); // timer J = the linger
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(lingering.serverCount()).isZero();
    }

    @Test
    void finalFromTryingOverTcpTerminatesAtOnce() {
        RecordingFlow tcp = new RecordingFlow(Transport.TCP, clock);
        NonInviteServerTransaction tx = start(tcp);
        tx.sendResponse(response(bye, 200, null));
        assertThat(tx.state()).isEqualTo(State.TERMINATED); // timer J = 0
        assertThat(layer.serverCount()).isZero();
        assertThat(clock.pending()).isZero();
        layer.onRequest(retransmission(), tcp); // no transaction left: a new one reaches the TU
        assertThat(tu.of("request")).hasSize(2);
        assertThat(tcp.count()).isEqualTo(1);
    }

    @Test
    void transportErrorTerminatesAndTellsTheTu() {
        NonInviteServerTransaction tx = start(udp);
        udp.failSends = true;
        tx.sendResponse(response(bye, 100, null));
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
        clock.runDue();
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(tu.of("failed")).hasSize(1);
        assertThat(tu.of("failed").get(0).subject()).isSameAs(tx);
        assertThat(tx.sendResponse(response(bye, 200, null))).isFalse();
        assertThat(udp.count()).isEqualTo(1);
    }

    @Test
    void answerFromInsideOnRequestWorks() {
        tu.onRequest = (tx, r) -> tx.sendResponse(response(r, 200, null));
        NonInviteServerTransaction tx = start(udp);
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        layer.onRequest(retransmission(), udp);
        assertThat(udp.count()).isEqualTo(2);
        assertThat(((SipResponse) udp.last()).status()).isEqualTo(200);
    }
}
