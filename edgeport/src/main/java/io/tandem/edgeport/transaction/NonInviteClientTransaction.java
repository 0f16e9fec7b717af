package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/**
 * The non-INVITE client transaction of RFC 3261 §17.1.2 (Figure 6):
 * <pre>
 * Trying     (timer E = T1 doubling to T2, unreliable only; timer F = 64·T1 -> onTimeout)
 * Trying     --1xx-----> Proceeding (E and F keep running; E now fires every T2)
 * Trying/Proceeding --200-699--> Completed (timer K = T4 unreliable, 0 reliable; responses absorbed)
 * </pre>
 * A transport error before the final response terminates it and calls onTransportError (§17.1.4).
 */
public final class NonInviteClientTransaction extends ClientTransaction {
    /** States of Figure 6 of RFC 3261. */
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private State state = State.TRYING;
    private boolean finalReceived;

    NonInviteClientTransaction(TransactionLayer layer, SipRequest request, Flow flow,
                               ClientTransactionListener listener, TxKey key) {
        super(layer, request, flow, listener, key);
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    @Override
    public boolean hasFinalResponse() {
        return finalReceived;
    }

    @Override
    void start() {
        transmit(request);
        enter(State.TRYING);
    }

    @Override
    void responseReceived(SipResponse response) {
        if (state != State.TRYING && state != State.PROCEEDING) {
            return; // Completed: retransmitted responses are absorbed (§17.1.2.2)
        }
        lastResponse = response;
        if (response.status() >= 200) {
            finalReceived = true;
            enter(State.COMPLETED);
        } else if (state == State.TRYING) {
            enter(State.PROCEEDING);
        }
        listener.onResponse(this, response);
    }

    @Override
    void retransmitFired() {
        // timer E: doubles up to T2 in Trying; every T2 in Proceeding (§17.1.2.2)
        if (state == State.TRYING || state == State.PROCEEDING) {
            layer.retransmitted();
            transmit(request);
            long t2 = settings().t2Millis();
            startRetransmit(state == State.TRYING ? Math.min(2 * interval, t2) : t2);
        }
    }

    @Override
    void timeoutFired() {
        switch (state) {
            case TRYING, PROCEEDING -> { // timer F
                enter(State.TERMINATED);
                listener.onTimeout(this);
            }
            case COMPLETED -> enter(State.TERMINATED); // timer K
            case TERMINATED -> { }
        }
    }

    @Override
    void transportFailed(Throwable cause) {
        boolean finalPassedUp = state == State.COMPLETED;
        enter(State.TERMINATED);
        if (!finalPassedUp) {
            listener.onTransportError(this, cause);
        }
    }

    @Override
    void enterTerminated() {
        enter(State.TERMINATED);
    }

    /**
     * Every transition goes through here. Leaving a state cancels its timers, except Trying to
     * Proceeding, where timers E and F go on running (§17.1.2.2).
     */
    private void enter(State next) {
        if (!(state == State.TRYING && next == State.PROCEEDING)) {
            cancelTimers();
        }
        state = next;
        TimerSettings t = settings();
        switch (next) {
            case TRYING -> {
                if (!reliable) {
                    startRetransmit(t.t1Millis()); // timer E
                }
                startTimeout(t.transactionTimeout()); // timer F
            }
            case COMPLETED -> {
                if (reliable) {
                    enter(State.TERMINATED); // timer K = 0
                } else {
                    startTimeout(t.t4Millis()); // timer K
                    shed();
                }
            }
            case TERMINATED -> layer.removed(this);
            case PROCEEDING -> { }
        }
    }
}
