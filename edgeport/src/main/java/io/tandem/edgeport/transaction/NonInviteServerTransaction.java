package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/**
 * The non-INVITE server transaction of RFC 3261 §17.2.2 (Figure 8):
 * <pre>
 * Trying     --1xx from TU--> Proceeding  (retransmissions discarded in Trying)
 * Trying/Proceeding --200-699 from TU--> Completed (timer J = 64·T1 unreliable, 0 reliable)
 * Completed  --timer J-----> Terminated
 * </pre>
 * A retransmitted request gets the last provisional again in Proceeding and the final response
 * in Completed. A transport error terminates it and tells the TU (§17.2.4).
 */
public final class NonInviteServerTransaction extends ServerTransaction {
    /** States of Figure 8 of RFC 3261. */
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private State state = State.TRYING;

    NonInviteServerTransaction(TransactionLayer layer, SipRequest request, Flow requestFlow, TxKey key) {
        super(layer, request, requestFlow, key);
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
    public boolean sendResponse(SipResponse response) {
        if (state != State.TRYING && state != State.PROCEEDING) {
            return false; // §17.2.2: further finals from the TU are discarded in Completed
        }
        lastResponse = response;
        transmit(response);
        if (response.status() >= 200) {
            enter(State.COMPLETED);
        } else if (state == State.TRYING) {
            enter(State.PROCEEDING);
        }
        return true;
    }

    @Override
    void retransmissionReceived(SipRequest retransmission) {
        if (state == State.PROCEEDING || state == State.COMPLETED) {
            transmit(lastResponse);
        }
    }

    @Override
    void retransmitFired() {
        // no retransmission timer: the server side only answers retransmitted requests
    }

    @Override
    void timeoutFired() {
        if (state == State.COMPLETED) { // timer J
            enter(State.TERMINATED);
        }
    }

    @Override
    void transportFailed(Throwable cause) {
        fail("transport error: " + cause);
    }

    @Override
    void enterTerminated() {
        enter(State.TERMINATED);
    }

    /** Every transition goes through here: the timers of the state left are cancelled, those of the next started. */
    private void enter(State next) {
        cancelTimers();
        state = next;
        switch (next) {
            case COMPLETED -> {
                if (reliable) {
                    enter(State.TERMINATED); // timer J = 0
                } else {
                    startTimeout(settings().linger()); // timer J
                    shed();
                }
            }
            case TERMINATED -> layer.removed(this);
            case TRYING, PROCEEDING -> { }
        }
    }
}
