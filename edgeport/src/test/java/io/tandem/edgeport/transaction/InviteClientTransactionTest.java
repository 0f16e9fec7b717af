package io.tandem.edgeport.transaction;

import static io.tandem.edgeport.transaction.Msgs.outgoing;
import static io.tandem.edgeport.transaction.Msgs.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.transaction.InviteClientTransaction.State;
import io.tandem.processor.Transport;
import io.tandem.sip.SipMethod;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 §17.1.1 with RFC 6026 §7.2: timers A, B, D, M, the ACK for non-2xx, 2xx retransmissions. */
class InviteClientTransactionTest {
    final ManualTimerService clock = new ManualTimerService();
    final Recorder tu = new Recorder(clock);
    final TransactionLayer layer = new TransactionLayer(clock, Msgs.T, tu);
    final RecordingFlow udp = new RecordingFlow(Transport.UDP, clock);
    final RecordingFlow tcp = new RecordingFlow(Transport.TCP, clock);
    final SipRequest invite = outgoing("INVITE", "z9hG4bK-p1");

    InviteClientTransaction send(RecordingFlow flow) {
        return (InviteClientTransaction) layer.sendRequest(invite, flow, tu);
    }

    @Test
    void overUdpTimerADoublesUntilTimerBTimesOut() {
        InviteClientTransaction tx = send(udp);
        assertThat(tx.state()).isEqualTo(State.CALLING);
        assertThat(tx.branch()).isEqualTo("z9hG4bK-p1");
        assertThat(layer.clientCount()).isEqualTo(1);
        clock.advance(31_999);
        assertThat(udp.times()).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
        assertThat(udp.messages()).allMatch(m -> m == invite);
        assertThat(tu.events).isEmpty();
        clock.advance(1); // timer B = 64·T1
        assertThat(tu.summary()).containsExactly("timeout@32000");
        assertThat(tu.events.get(0).subject()).isSameAs(tx);
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(layer.clientCount()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void overTcpNoRetransmissionButTimerB() {
        InviteClientTransaction tx = send(tcp);
        clock.advance(32_000);
        assertThat(tcp.times()).containsExactly(0L);
        assertThat(tu.summary()).containsExactly("timeout@32000");
        assertThat(tx.isTerminated()).isTrue();
    }

    @Test
    void provisionalStopsTimersAAndB() {
        InviteClientTransaction tx = send(udp);
        clock.advance(700);
        SipResponse trying = response(invite, 100, null);
        layer.onResponse(trying, udp);
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
        layer.onResponse(response(invite, 180, "t1"), udp);
        clock.advance(200_000);
        assertThat(udp.times()).containsExactly(0L, 500L);
        assertThat(tu.summary()).containsExactly("response@700:100", "response@700:180");
        assertThat(tu.events.get(0).message()).isSameAs(trying);
        assertThat(tx.state()).isEqualTo(State.PROCEEDING);
        assertThat(clock.pending()).isZero();
    }

    @Test
    void nonSuccessFinalIsAcknowledgedExactlyAsSection17_1_1_3Says() {
        InviteClientTransaction tx = send(udp);
        clock.advance(100);
        SipResponse busy = response(invite, 486, "ut9");
        layer.onResponse(busy, udp);
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        assertThat(tu.summary()).containsExactly("response@100:486");
        assertThat(udp.times()).containsExactly(0L, 100L);
        SipRequest ack = (SipRequest) udp.last();
        assertThat(ack).isSameAs(tx.ack());
        assertThat(ack.method()).isSameAs(SipMethod.ACK);
        assertThat(ack.requestUriText()).isEqualTo("sip:bob@192.0.2.20:5080;transport=udp");
        assertThat(ack.headers("Via")).containsExactly("SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bK-p1");
        assertThat(ack.headers("Route")).containsExactly("<sip:edge1.example.com;lr>",
            "<sip:edge2.example.com;lr>, <sip:edge3.example.com;lr>");
        assertThat(ack.headers("Max-Forwards")).containsExactly("70");
        assertThat(ack.headers("From")).containsExactly("\"Alice\" <sip:alice@example.com>;tag=fa1");
        assertThat(ack.headers("To")).containsExactly("Bob <sip:bob@example.com>;tag=ut9");
        assertThat(ack.headers("Call-ID")).containsExactly("call-1@client.example.com");
        assertThat(ack.headers("CSeq")).containsExactly("7 ACK");
        assertThat(ack.headers("Content-Length")).containsExactly("0");
        assertThat(ack.headerCount()).isEqualTo(9);
        assertThat(ack.hasHeader("Contact")).isFalse();
        assertThat(ack.bodyLength()).isZero();
    }

    @Test
    void retransmittedFinalIsReAcknowledgedNotPassedUpAndTimerDEndsIt() {
        InviteClientTransaction tx = send(udp);
        clock.advance(600); // one timer A retransmission at 500
        layer.onResponse(response(invite, 404, "ut9"), udp);
        clock.advance(1000);
        layer.onResponse(response(invite, 404, "ut9"), udp);
        layer.onResponse(response(invite, 404, "ut9"), udp);
        assertThat(udp.times()).containsExactly(0L, 500L, 600L, 1600L, 1600L);
        List<Object> acks = udp.messages().subList(2, 5).stream().map(m -> (Object) m).toList();
        assertThat(acks).allMatch(m -> m == tx.ack());
        assertThat(tu.summary()).containsExactly("response@600:404");
        clock.advanceTo(600 + 31_999);
        assertThat(tx.state()).isEqualTo(State.COMPLETED);
        clock.advance(1); // timer D = 32 s
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        layer.onResponse(response(invite, 404, "ut9"), udp); // no transaction now: stray
        assertThat(tu.summary()).containsExactly("response@600:404", "stray@32600");
        assertThat(udp.count()).isEqualTo(5);
    }

    @Test
    void overTcpTheAckIsSentAndTimerDIsZero() {
        InviteClientTransaction tx = send(tcp);
        layer.onResponse(response(invite, 503, "ut9"), tcp);
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(tcp.count()).isEqualTo(2);
        assertThat(((SipRequest) tcp.last()).method()).isSameAs(SipMethod.ACK);
        assertThat(layer.clientCount()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void successGoesToAcceptedEvery2xxIsPassedUpAndTimerMEndsIt() {
        InviteClientTransaction tx = send(udp);
        layer.onResponse(response(invite, 180, "t1"), udp);
        clock.advance(2000);
        SipResponse ok = response(invite, 200, "t1");
        layer.onResponse(ok, udp);
        assertThat(tx.state()).isEqualTo(State.ACCEPTED);
        clock.advance(500);
        layer.onResponse(response(invite, 200, "t1"), udp); // retransmission
        layer.onResponse(response(invite, 200, "t2"), udp); // another fork
        layer.onResponse(response(invite, 486, "t3"), udp); // non-2xx ignored in Accepted
        layer.onResponse(response(invite, 180, "t1"), udp); // as are provisionals
        assertThat(tu.summary()).containsExactly("response@0:180", "response@2000:200", "response@2500:200",
            "response@2500:200");
        assertThat(udp.count()).isEqualTo(1); // no ACK from the transaction for 2xx, no retransmission
        clock.advanceTo(2000 + 31_999);
        assertThat(tx.state()).isEqualTo(State.ACCEPTED);
        clock.advance(1); // timer M = 64·T1
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        layer.onResponse(response(invite, 200, "t1"), udp);
        assertThat(tu.of("stray")).hasSize(1);
    }

    @Test
    void sendFailureReportsTransportErrorAndStops() {
        udp.failSends = true;
        InviteClientTransaction tx = send(udp);
        clock.runDue();
        assertThat(tu.summary()).containsExactly("transportError@0:connection refused");
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        clock.advance(60_000);
        assertThat(udp.count()).isEqualTo(1);
        assertThat(tu.of("timeout")).isEmpty();
        assertThat(layer.size()).isZero();
    }

    @Test
    void ackSendFailureEndsTheTransactionSilently() {
        InviteClientTransaction tx = send(udp);
        udp.failSends = true;
        layer.onResponse(response(invite, 486, "ut9"), udp);
        clock.runDue();
        assertThat(tx.state()).isEqualTo(State.TERMINATED);
        assertThat(tu.summary()).containsExactly("response@0:486");
    }

    @Test
    void terminateAbandonsTheTransactionWithoutCallbacks() {
        InviteClientTransaction tx = send(udp);
        tx.terminate();
        clock.advance(60_000);
        assertThat(udp.count()).isEqualTo(1);
        assertThat(tu.events).isEmpty();
        assertThat(layer.size()).isZero();
    }
}
