package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.ClientTransaction;
import io.tandem.edgeport.transaction.ClientTransactionListener;
import io.tandem.edgeport.transaction.TimerService;
import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.Target;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/**
 * One branch of a forwarded request (RFC 3261 §16.6-§16.8): its client transaction, whether a
 * provisional response has come (a CANCEL may only be sent then, §9.1), and timer C for INVITE.
 */
final class Branch implements ClientTransactionListener {
    final ResponseContext context;
    final Target target;
    SipRequest request;
    Flow flow;
    ClientTransaction tx;
    private boolean provisional;
    private boolean done;
    private boolean cancelWanted;
    private boolean cancelSent;
    private TimerService.Timer timerC;
    /** 64·T1 after our CANCEL: the end of waiting for the INVITE's final response (§9.1). */
    private TimerService.Timer cancelGuard;

    Branch(ResponseContext context, Target target) {
        this.context = context;
        this.target = target;
    }

    boolean isDone() {
        return done;
    }

    /** True once the branch is to be cancelled (upstream CANCEL, a 2xx or 6xx elsewhere). */
    boolean isCancelWanted() {
        return cancelWanted;
    }

    /** Called once the request is sent in a client transaction. */
    void started(SipRequest sent, Flow via, ClientTransaction clientTx) {
        this.request = sent;
        this.flow = via;
        this.tx = clientTx;
        if (context.isInvite()) {
            restartTimerC();
        }
        if (cancelWanted) {
            requestCancel();
        }
    }

    /** §16.8: timer C, reset by each provisional response. */
    private void restartTimerC() {
        if (timerC != null) {
            timerC.cancel();
        }
        timerC = context.core().timers().schedule(this::timerC, context.core().settings().timerCMillis());
    }

    private void timerC() {
        timerC = null;
        if (done) {
            return;
        }
        if (provisional) {
            requestCancel();
        } else {
            finish(408, null); // §16.8: as if a 408 had arrived
        }
    }

    /** Cancels this branch: now if a provisional response came, else as soon as one comes (§9.1). */
    void requestCancel() {
        cancelWanted = true;
        // §9.1: only an INVITE is cancelled (a non-INVITE branch of a fork runs to its end)
        if (done || cancelSent || tx == null || !provisional || !context.isInvite()) {
            return;
        }
        cancelSent = true;
        context.core().sendCancel(this);
        // §9.1: with no final response 64·T1 after the CANCEL, the INVITE counts as cancelled and
        // its client transaction is destroyed; otherwise a callee that ignores the CANCEL would
        // hold the branch (Proceeding has no timer) and the caller's final response forever.
        stopTimerC();
        cancelGuard = context.core().timers().schedule(this::cancelGuardFired, context.core().settings().transactionTimeout());
    }

    private void cancelGuardFired() {
        cancelGuard = null;
        if (!done) {
            tx.terminate();
            // cancelled by the caller: 487; by timer C (§16.8): the search timed out
            finish(context.isCancelled() ? 487 : 408, null);
        }
    }

    @Override
    public void onResponse(ClientTransaction clientTx, SipResponse response) {
        int status = response.status();
        if (status < 200) {
            provisional = true;
            if (context.isInvite() && !cancelSent) {
                restartTimerC(); // after our CANCEL its 64·T1 guard takes over
            }
            if (cancelWanted) {
                requestCancel();
            }
            if (!done) {
                context.onProvisional(this, response);
            }
            return;
        }
        if (status < 300) {
            // Every 2xx to an INVITE goes upstream, retransmissions included (§16.7 step 5, RFC 6026).
            stopTimers();
            done = true;
            context.onSuccess(this, response);
            return;
        }
        finish(status, response);
    }

    @Override
    public void onTimeout(ClientTransaction clientTx) {
        finish(408, null);
    }

    @Override
    public void onTransportError(ClientTransaction clientTx, Throwable cause) {
        finish(503, null); // §16.7 step 1 via §8.1.3.1: a transport failure counts as 503
    }

    /** Ends the branch with a final status before it was sent (no route, connection failure). */
    void failed(int status) {
        finish(status, null);
    }

    private void finish(int status, SipResponse response) {
        if (done) {
            return;
        }
        stopTimers();
        done = true;
        context.onFinal(this, status, response);
    }

    private void stopTimerC() {
        if (timerC != null) {
            timerC.cancel();
            timerC = null;
        }
    }

    private void stopTimers() {
        stopTimerC();
        if (cancelGuard != null) {
            cancelGuard.cancel();
            cancelGuard = null;
        }
    }
}
