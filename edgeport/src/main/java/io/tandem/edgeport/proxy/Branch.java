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

    Branch(ResponseContext context, Target target) {
        this.context = context;
        this.target = target;
    }

    boolean isDone() {
        return done;
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
        if (done || cancelSent || tx == null || !provisional) {
            return;
        }
        cancelSent = true;
        context.core().sendCancel(this);
    }

    @Override
    public void onResponse(ClientTransaction clientTx, SipResponse response) {
        int status = response.status();
        if (status < 200) {
            provisional = true;
            if (context.isInvite()) {
                restartTimerC();
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
            stopTimerC();
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
        stopTimerC();
        done = true;
        context.onFinal(this, status, response);
    }

    private void stopTimerC() {
        if (timerC != null) {
            timerC.cancel();
            timerC = null;
        }
    }
}
