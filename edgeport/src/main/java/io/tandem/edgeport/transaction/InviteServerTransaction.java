package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/**
 * The INVITE server transaction of RFC 3261 §17.2.1 as corrected by RFC 6026 §7.1 (Figure 7):
 * <pre>
 * Proceeding --1xx from TU--> Proceeding
 * Proceeding --2xx from TU--> Accepted   (timer L = 64·T1; 2xx from TU sent, INVITE absorbed, ACK to TU)
 * Proceeding --3xx-6xx-----> Completed  (timer G = T1 doubling to T2, unreliable only; timer H = 64·T1)
 * Completed  --ACK---------> Confirmed  (timer I = T4 unreliable, 0 reliable)
 * Completed  --timer H-----> Terminated (TU told: no ACK)
 * Confirmed  --timer I-----> Terminated;  Accepted --timer L--> Terminated
 * </pre>
 * A transport error in Proceeding or Completed terminates it and tells the TU (§17.2.4).
 */
public final class InviteServerTransaction extends ServerTransaction {
    /** States of Figure 7 of RFC 6026. */
    public enum State { PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED, TERMINATED }

    private State state = State.PROCEEDING;

    InviteServerTransaction(TransactionLayer layer, SipRequest request, Flow requestFlow, TxKey key) {
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
        int status = response.status();
        if (state == State.PROCEEDING) {
            lastResponse = response;
            transmit(response);
            if (status >= 300) {
                enter(State.COMPLETED);
            } else if (status >= 200) {
                enter(State.ACCEPTED);
            }
            return true;
        }
        if (state == State.ACCEPTED && status >= 200 && status < 300) {
            // RFC 6026 §7.1: retransmissions of the 2xx (or 2xx of other forks) from the TU are sent.
            if (key == null) {
                lastResponse = response.lean();
            }
            transmit(response);
            return true;
        }
        return false;
    }

    @Override
    void retransmissionReceived(SipRequest retransmission) {
        // §17.2.1: in Proceeding re-send the last provisional, in Completed the final response;
        // RFC 6026 §7.1: absorbed in Accepted; absorbed in Confirmed.
        if ((state == State.PROCEEDING || state == State.COMPLETED) && lastResponse != null) {
            transmit(lastResponse);
        }
    }

    /** An ACK that matched this transaction (§17.2.3). */
    void ackReceived(SipRequest ack, Flow arrival) {
        switch (state) {
            case COMPLETED -> enter(State.CONFIRMED);
            case CONFIRMED -> { } // retransmitted ACK, absorbed (§17.2.1)
            default -> layer.tu().onAck(ack, arrival); // Accepted: RFC 6026 §7.1 passes it to the TU
        }
    }

    @Override
    void retransmitFired() {
        if (state == State.COMPLETED) { // timer G (§17.2.1)
            layer.retransmitted();
            transmit(lastResponse);
            startRetransmit(Math.min(2 * interval, settings().t2Millis()));
        }
    }

    @Override
    void timeoutFired() {
        switch (state) {
            case COMPLETED -> fail("timer H: no ACK for the final response"); // §17.2.1
            case CONFIRMED, ACCEPTED -> enter(State.TERMINATED); // timer I, timer L
            default -> { }
        }
    }

    @Override
    void transportFailed(Throwable cause) {
        // §17.2.4. In Accepted the 2xx is the TU's (end to end) business: keep absorbing INVITEs until L.
        if (state == State.PROCEEDING || state == State.COMPLETED) {
            fail("transport error: " + cause);
        }
    }

    @Override
    void enterTerminated() {
        enter(State.TERMINATED);
    }

    /** Every transition goes through here: the timers of the state left are cancelled, those of the next started. */
    private void enter(State next) {
        cancelTimers();
        state = next;
        TimerSettings t = settings();
        switch (next) {
            case COMPLETED -> {
                if (!reliable) {
                    startRetransmit(t.t1Millis()); // timer G
                }
                startTimeout(t.transactionTimeout()); // timer H
                shed();
            }
            case CONFIRMED -> {
                if (reliable) {
                    enter(State.TERMINATED); // timer I = 0
                } else {
                    startTimeout(t.t4Millis()); // timer I
                }
            }
            case ACCEPTED -> {
                startTimeout(t.linger()); // timer L
                shed();
                // RFC 6026 §7.1: Accepted absorbs INVITE retransmissions and sends the TU's 2xx
                // retransmissions; it never resends a response of its own. The 2xx is kept only
                // where RFC 2543 ACK matching needs its To tag (§17.2.3).
                finalSent = true;
                if (key != null) {
                    lastResponse = null;
                }
            }
            case TERMINATED -> layer.removed(this);
            case PROCEEDING -> { }
        }
    }
}
