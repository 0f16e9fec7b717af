package io.tandem.edgeport.transaction;

import static io.tandem.edgeport.transaction.Msgs.incoming;
import static io.tandem.edgeport.transaction.Msgs.outgoing;
import static io.tandem.edgeport.transaction.Msgs.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Transport;
import io.tandem.sip.message.SipResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Graceful stop: existing transactions finish, new requests get 503, close() stops everything. */
class ShutdownTest {
    final ManualTimerService clock = new ManualTimerService();
    final Recorder tu = new Recorder(clock);
    final TransactionLayer layer = new TransactionLayer(clock, Msgs.T, tu);
    final RecordingFlow udp = new RecordingFlow(Transport.UDP, clock);

    @Test
    void idleLayerIsDrainedAtOnce() {
        assertThat(layer.shutdown().toCompletableFuture()).isCompleted();
        assertThat(layer.isShuttingDown()).isTrue();
    }

    @Test
    void drainingLetsLiveTransactionsFinishAndRejectsNewRequests() {
        layer.onRequest(incoming("OPTIONS", "z9hG4bK-1", 1, null), udp);
        ServerTransaction live = (ServerTransaction) tu.of("request").get(0).subject();
        CompletableFuture<Void> drained = layer.shutdown().toCompletableFuture();
        assertThat(drained).isNotDone();

        layer.onRequest(incoming("INVITE", "z9hG4bK-2", 1, null), udp);
        SipResponse rejected = (SipResponse) udp.last();
        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.to().tag()).isNotNull();
        assertThat(tu.of("request")).hasSize(1);
        layer.onRequest(incoming("ACK", "z9hG4bK-2", 1, rejected.to().tag()), udp); // ACK for our 503: dropped
        layer.onRequest(incoming("ACK", "z9hG4bK-3", 1, "dialog"), udp); // other ACKs still reach the TU
        assertThat(tu.of("ack")).hasSize(1);
        layer.onRequest(incoming("OPTIONS", "z9hG4bK-1", 1, null), udp); // retransmission still absorbed
        assertThat(udp.count()).isEqualTo(1);
        layer.onRequest(incoming("CANCEL", "z9hG4bK-4", 1, null), udp); // CANCEL of nothing live: refused
        assertThat(udp.count()).isEqualTo(2);
        assertThat(((SipResponse) udp.last()).status()).isEqualTo(503);

        layer.sendRequest(outgoing("OPTIONS", "z9hG4bK-out"), udp, tu); // the TU may still send
        live.sendResponse(response(live.request(), 200, "t"));
        clock.advance(100);
        assertThat(drained).as("the client transaction still waits for its response").isNotDone();
        layer.onResponse(response(outgoing("OPTIONS", "z9hG4bK-out"), 200, "t"), udp);
        clock.advance(100);
        // every transaction has its final response: the rest only absorbs retransmissions (J, K)
        assertThat(drained).isCompleted();
        assertThat(layer.size()).isEqualTo(2);
        assertThat(layer.pending()).isZero();
        clock.advance(32_000); // timers K and J end them
        assertThat(layer.size()).isZero();
    }

    @Test
    void inDialogRequestsAndCancelsOfLiveInvitesStillReachTheTu() {
        layer.onRequest(incoming("INVITE", "z9hG4bK-1", 1, null), udp);
        InviteServerTransaction invite = (InviteServerTransaction) tu.of("request").get(0).subject();
        layer.shutdown();
        layer.onRequest(incoming("CANCEL", "z9hG4bK-1", 1, null), udp);
        layer.onRequest(incoming("BYE", "z9hG4bK-5", 2, "dialog"), udp);
        assertThat(tu.of("request")).extracting(e -> ((ServerTransaction) e.subject()).method().name())
            .containsExactly("INVITE", "CANCEL", "BYE");
        assertThat(udp.count()).isZero();
        invite.sendResponse(response(invite.request(), 487, "t"));
        layer.onRequest(incoming("ACK", "z9hG4bK-1", 1, "t"), udp);
        assertThat(invite.isTerminated()).isFalse(); // timer I over UDP
        assertThat(layer.shutdown().toCompletableFuture()).isNotDone();
        clock.advance(32_000); // timer I ends the INVITE transaction
        assertThat(invite.isTerminated()).isTrue();
        assertThat(layer.size()).isEqualTo(2); // CANCEL and BYE still wait for the TU's answers
        layer.close();
        assertThat(layer.shutdown().toCompletableFuture()).isCompleted();
    }

    @Test
    void closeStopsEveryTransactionWithoutCallbacks() {
        layer.onRequest(incoming("INVITE", "z9hG4bK-1", 1, null), udp);
        layer.onRequest(incoming("INVITE", null, 2, null), udp);
        layer.sendRequest(outgoing("INVITE", "z9hG4bK-out"), udp, tu);
        assertThat(layer.size()).isEqualTo(3);
        layer.close();
        assertThat(layer.size()).isZero();
        assertThat(clock.pending()).isZero();
        assertThat(layer.shutdown().toCompletableFuture()).isCompleted();
        assertThat(tu.of("request")).allMatch(e -> ((Transaction) e.subject()).isTerminated());
        clock.advance(100_000);
        assertThat(udp.count()).isEqualTo(1);
        assertThat(tu.events).hasSize(2);
    }
}
