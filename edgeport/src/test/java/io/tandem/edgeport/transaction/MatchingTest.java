package io.tandem.edgeport.transaction;

import static io.tandem.edgeport.transaction.Msgs.incoming;
import static io.tandem.edgeport.transaction.Msgs.outgoing;
import static io.tandem.edgeport.transaction.Msgs.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

/** Matching of RFC 3261 §17.1.3 and §17.2.3, RFC 2543 peers, CANCEL (§9.2), stray responses. */
class MatchingTest {
    final ManualTimerService clock = new ManualTimerService();
    final Recorder tu = new Recorder(clock);
    final TransactionLayer layer = new TransactionLayer(clock, Msgs.T, tu);
    final RecordingFlow udp = new RecordingFlow(Transport.UDP, clock);

    ServerTransaction lastServer() {
        return (ServerTransaction) tu.of("request").get(tu.of("request").size() - 1).subject();
    }

    @Test
    void responsesMatchingNoClientTransactionAreStray() {
        SipRequest options = outgoing("OPTIONS", "z9hG4bK-o1");
        layer.sendRequest(options, udp, tu);
        SipResponse otherBranch = response(outgoing("OPTIONS", "z9hG4bK-zz"), 200, "t");
        SipResponse otherMethod = response(outgoing("INFO", "z9hG4bK-o1"), 200, "t"); // same branch, CSeq method differs
        layer.onResponse(otherBranch, udp);
        layer.onResponse(otherMethod, udp);
        assertThat(tu.summary()).containsExactly("stray@0", "stray@0");
        assertThat(tu.events.get(0).message()).isSameAs(otherBranch);
        assertThat(tu.events.get(1).subject()).isSameAs(udp);
        layer.onResponse(response(options, 200, "t"), udp);
        assertThat(tu.summary()).containsExactly("stray@0", "stray@0", "response@0:200");
    }

    @Test
    void serverMatchNeedsBranchSentByAndMethod() {
        layer.onRequest(incoming("OPTIONS", "client.example.com:5060", "z9hG4bK-1", 1, null), udp);
        layer.onRequest(incoming("OPTIONS", "CLIENT.example.com:5060", "z9hG4bK-1", 1, null), udp); // host ignores case
        layer.onRequest(incoming("OPTIONS", "other.example.com:5060", "z9hG4bK-1", 1, null), udp);
        layer.onRequest(incoming("OPTIONS", "client.example.com:5070", "z9hG4bK-1", 1, null), udp);
        layer.onRequest(incoming("INFO", "client.example.com:5060", "z9hG4bK-1", 1, null), udp);
        assertThat(tu.of("request")).hasSize(4);
        assertThat(layer.serverCount()).isEqualTo(4);
    }

    @Test
    void ackForA2xxMatchesNoTransactionAndGoesToTheTu() {
        SipRequest ack = incoming("ACK", "z9hG4bK-new", 1, "t1");
        layer.onRequest(ack, udp);
        assertThat(tu.summary()).containsExactly("ack@0");
        assertThat(tu.events.get(0).message()).isSameAs(ack);
        assertThat(tu.events.get(0).subject()).isSameAs(udp);
        assertThat(layer.size()).isZero();
    }

    @Test
    void cancelIsItsOwnTransactionAndFindsItsInvite() {
        layer.onRequest(incoming("INVITE", "z9hG4bK-c1", 1, null), udp);
        InviteServerTransaction invite = (InviteServerTransaction) lastServer();
        SipRequest cancel = incoming("CANCEL", "z9hG4bK-c1", 1, null);
        layer.onRequest(cancel, udp);
        ServerTransaction cancelTx = lastServer();
        assertThat(cancelTx).isInstanceOf(NonInviteServerTransaction.class).isNotSameAs(invite);
        assertThat(layer.findInviteFor(cancel)).isSameAs(invite);
        layer.onRequest(incoming("CANCEL", "z9hG4bK-c1", 1, null), udp); // retransmission absorbed
        assertThat(tu.of("request")).hasSize(2);
        assertThat(layer.findInviteFor(incoming("CANCEL", "z9hG4bK-other", 1, null))).isNull();
        assertThat(layer.findInviteFor(incoming("CANCEL", "elsewhere.example.com", "z9hG4bK-c1", 1, null))).isNull();
    }

    @Test
    void rfc2543RequestWithoutCookieIsMatchedByItsFields() {
        SipRequest invite = incoming("INVITE", null, 1, null);
        layer.onRequest(invite, udp);
        InviteServerTransaction tx = (InviteServerTransaction) lastServer();
        layer.onRequest(incoming("INVITE", null, 1, null), udp); // retransmission absorbed
        assertThat(tu.of("request")).hasSize(1);
        assertThat(layer.serverCount()).isEqualTo(1);

        SipResponse busy = response(invite, 486, "ut5");
        tx.sendResponse(busy);
        clock.advance(100);
        layer.onRequest(incoming("INVITE", null, 1, null), udp);
        assertThat(udp.times()).containsExactly(0L, 100L);
        assertThat(udp.last().toString()).isEqualTo(busy.toString());

        SipRequest wrongTag = incoming("ACK", null, 1, "other");
        layer.onRequest(wrongTag, udp);
        assertThat(tu.of("ack")).hasSize(1); // To tag differs from our response's: not this transaction
        layer.onRequest(incoming("ACK", null, 1, "ut5"), udp);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.CONFIRMED);
        assertThat(tu.of("ack")).hasSize(1);
    }

    @Test
    void rfc2543MatchingSeparatesCSeqAndFindsTheInviteOfACancel() {
        layer.onRequest(incoming("INVITE", "branch-without-cookie", 1, null), udp);
        InviteServerTransaction invite = (InviteServerTransaction) lastServer();
        SipRequest cancel = incoming("CANCEL", "branch-without-cookie", 1, null);
        layer.onRequest(cancel, udp);
        layer.onRequest(incoming("INVITE", "branch-without-cookie", 2, null), udp); // new CSeq: new transaction
        layer.onRequest(incoming("INVITE", "client.example.com:5070", "branch-without-cookie", 1, null), udp); // other Via
        assertThat(tu.of("request")).hasSize(4);
        assertThat(layer.findInviteFor(cancel)).isSameAs(invite);
        assertThat(layer.findInviteFor(incoming("CANCEL", "branch-without-cookie", 9, null))).isNull();

        invite.sendResponse(response(invite.request(), 200, "ut1"));
        layer.onRequest(incoming("ACK", "branch-without-cookie", 1, "ut1"), udp); // Accepted: to the TU
        assertThat(tu.of("ack")).hasSize(1);
        clock.advance(32_000);
        assertThat(invite.isTerminated()).isTrue();
        assertThat(layer.serverCount()).isEqualTo(3);
    }

    @Test
    void sendRequestRejectsAckMissingCookieAndDuplicateBranch() {
        assertThatThrownBy(() -> layer.sendRequest(outgoing("ACK", "z9hG4bK-a"), udp, tu))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layer.sendRequest(outgoing("OPTIONS", "old-style"), udp, tu))
            .isInstanceOf(IllegalArgumentException.class);
        layer.sendRequest(outgoing("OPTIONS", "z9hG4bK-d"), udp, tu);
        assertThatThrownBy(() -> layer.sendRequest(outgoing("OPTIONS", "z9hG4bK-d"), udp, tu))
            .isInstanceOf(IllegalStateException.class);
        assertThat(layer.clientCount()).isEqualTo(1);
        assertThat(udp.count()).isEqualTo(1);
    }
}
