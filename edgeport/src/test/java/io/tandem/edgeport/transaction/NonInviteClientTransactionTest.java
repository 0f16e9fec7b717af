package io.tandem.edgeport.transaction;

import static io.tandem.edgeport.transaction.Msgs.outgoing;
import static io.tandem.edgeport.transaction.Msgs.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.transaction.NonInviteClientTransaction.State;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/** RFC 3261 §17.1.2: timers E, F, K. */
class NonInviteClientTransactionTest {
    final ManualTimerService clock = new ManualTimerService();
    final Recorder tu = new Recorder(clock);
    final TransactionLayer layer = new TransactionLayer(clock, Msgs.T, tu);
    final RecordingFlow udp = new RecordingFlow(Transport.UDP, clock);
    final RecordingFlow tcp = new RecordingFlow(Transport.TCP, clock);
    final SipRequest options = outgoing("OPTIONS", "z9hG4bK-o1");

    NonInviteClientTransaction send(RecordingFlow flow) {
        return (NonInviteClientTransaction) layer.sendRequest(options, flow, tu);
    }

    @Test
    void inTryingTimerEDoublesUpToT2UntilTimerF() {
        NonInviteClientTransaction tx = send(udp);
        clock.advance(31_999);
        assertThat(udp.times()).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L,
            27500L, 31500L);
        assertThat(udp.messages()).allMatch(m -> m == options);
        assertThat(tu.events).isEmpty();
        clock.advance(1); // timer F = 64·T1
        assertThat(tu.summary()).containsExactly("timeout@32000");
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(layer.size()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void inProceedingTimerEFiresEveryT2AndTimerFStillRuns() {
        NonInviteClientTransaction tx = send(udp);
        clock.advance(600);
        layer.onResponse(response(options, 100, null), udp);
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
        clock.advance(31_399);
        assertThat(udp.times()).containsExactly(0L, 500L, 1500L, 5500L, 9500L, 13500L, 17500L, 21500L, 25500L,
            29500L);
        clock.advance(1);
        assertThat(tu.summary()).containsExactly("response@600:100", "timeout@32000");
    }

    @Test
    void finalCompletesAbsorbsRetransmissionsAndTimerKEndsItAfterT4() {
        NonInviteClientTransaction tx = send(udp);
        clock.advance(1000); // E fired at 500
        layer.onResponse(response(options, 200, "t1"), udp);
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        clock.advance(2000);
        layer.onResponse(response(options, 200, "t1"), udp);
        assertThat(tu.summary()).containsExactly("response@1000:200");
        clock.advanceTo(1000 + 4999);
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        clock.advance(1); // timer K = T4
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(udp.times()).containsExactly(0L, 500L);
        assertThat(layer.size()).isZero();
    }

    @Test
    void overTcpNoRetransmissionsAndTimerKIsZero() {
        NonInviteClientTransaction tx = send(tcp);
        clock.advance(10_000);
        layer.onResponse(response(options, 404, "t1"), tcp);
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(tcp.times()).containsExactly(0L);
        assertThat(tu.summary()).containsExactly("response@10000:404");
        assertThat(clock.pending()).isZero();

        NonInviteClientTransaction silent = (NonInviteClientTransaction) layer.sendRequest(
            outgoing("OPTIONS", "z9hG4bK-o2"), tcp, tu);
        clock.advance(32_000);
        assertThat(silent.isTerminated()).isTrue();
        assertThat(tcp.times()).containsExactly(0L, 10_000L);
        assertThat(tu.summary()).containsExactly("response@10000:404", "timeout@42000");
    }

    @Test
    void sendFailureOfARetransmissionReportsTransportError() {
        NonInviteClientTransaction tx = send(udp);
        udp.failSends = true;
        clock.advance(500); // the failure of the timer E retransmission is handled within the same tick
        assertThat(tu.summary()).containsExactly("transportError@500:connection refused");
        assertThat(tx.isTerminated()).isTrue();
        clock.advance(40_000);
        assertThat(udp.count()).isEqualTo(2);
    }

    @Test
    void cancelHasItsOwnTransactionWithTheInviteBranch() {
        SipRequest invite = outgoing("INVITE", "z9hG4bK-x");
        ClientTransaction inv = layer.sendRequest(invite, udp, tu);
        SipRequest cancel = outgoing("CANCEL", "z9hG4bK-x");
        ClientTransaction can = layer.sendRequest(cancel, udp, tu);
        assertThat(layer.clientCount()).isEqualTo(2);
        layer.onResponse(response(cancel, 200, "t1"), udp);
        layer.onResponse(response(invite, 487, "t1"), udp);
        assertThat(tu.of("response")).extracting(e -> e.subject()).containsExactly(can, inv);
        assertThat(can.state()).isEqualTo(State.COMPLETED);
        assertThat(inv.state()).isEqualTo(InviteClientTransaction.State.COMPLETED);
    }
}
