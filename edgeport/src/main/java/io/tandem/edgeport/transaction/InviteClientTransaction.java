package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/**
 * The INVITE client transaction of RFC 3261 §17.1.1 as corrected by RFC 6026 §7.2 (Figure 5):
 * <pre>
 * Calling    (timer A = T1, doubling, unreliable only; timer B = 64·T1 -> onTimeout)
 * Calling    --1xx-----> Proceeding (A and B stop: timer C of the proxy covers this state)
 * Calling/Proceeding --2xx--> Accepted  (timer M = 64·T1; every 2xx retransmission to the TU)
 * Calling/Proceeding --3xx-6xx--> Completed (ACK sent, §17.1.1.3; timer D = 32 s unreliable, 0 reliable;
 *                                           retransmitted finals re-ACKed, not passed up)
 * </pre>
 * A transport error before any final response terminates it and calls onTransportError (§17.1.4).
 */
public final class InviteClientTransaction extends ClientTransaction {
    /** States of Figure 5 of RFC 6026. */
    public enum State { CALLING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

    private State state = State.CALLING;
    private SipRequest ack;
    private boolean finalReceived;

    InviteClientTransaction(TransactionLayer layer, SipRequest request, Flow flow, ClientTransactionListener listener,
                            TxKey key) {
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

    /** The ACK this transaction sent for a non-2xx final response, or null. */
    public SipRequest ack() {
        return ack;
    }

    @Override
    public boolean hasFinalResponse() {
        return finalReceived; // Completed and Accepted are reached only through a final response
    }

    @Override
    void shed() {
        super.shed();
        if (ack != null) {
            ack = ack.lean();
        }
    }

    @Override
    void start() {
        transmit(request);
        enter(State.CALLING);
    }

    @Override
    void responseReceived(SipResponse response) {
        int status = response.status();
        switch (state) {
            case CALLING, PROCEEDING -> {
                lastResponse = response;
                finalReceived = status >= 200;
                if (status >= 300) {
                    ack = AckBuilder.forNon2xx(request, response);
                    transmit(ack);
                    enter(State.COMPLETED);
                } else if (status >= 200) {
                    enter(State.ACCEPTED);
                } else if (state == State.CALLING) {
                    enter(State.PROCEEDING);
                }
                listener.onResponse(this, response);
            }
            case COMPLETED -> {
                if (status >= 300) {
                    transmit(ack); // §17.1.1.2: re-ACK a retransmitted final response, do not pass it up
                }
            }
            case ACCEPTED -> {
                if (status >= 200 && status < 300) {
                    listener.onResponse(this, response); // RFC 6026 §7.2: every 2xx goes to the TU
                }
            }
            case TERMINATED -> { }
        }
    }

    @Override
    void retransmitFired() {
        if (state == State.CALLING) { // timer A: doubles each time, until B (§17.1.1.2)
            layer.retransmitted();
            transmit(request);
            startRetransmit(2 * interval);
        }
    }

    @Override
    void timeoutFired() {
        switch (state) {
            case CALLING -> { // timer B
                enter(State.TERMINATED);
                listener.onTimeout(this);
            }
            case COMPLETED, ACCEPTED -> enter(State.TERMINATED); // timer D, timer M
            default -> { }
        }
    }

    @Override
    void transportFailed(Throwable cause) {
        boolean finalPassedUp = state == State.COMPLETED || state == State.ACCEPTED;
        if (state == State.ACCEPTED) {
            return; // nothing of ours is in flight in Accepted
        }
        enter(State.TERMINATED);
        if (!finalPassedUp) {
            listener.onTransportError(this, cause);
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
            case CALLING -> {
                if (!reliable) {
                    startRetransmit(t.t1Millis()); // timer A
                }
                startTimeout(t.transactionTimeout()); // timer B
            }
            case COMPLETED -> {
                long d = t.timerD(reliable);
                if (d == 0) {
                    enter(State.TERMINATED);
                } else {
                    startTimeout(d); // timer D
                    shed();
                }
            }
            case ACCEPTED -> {
                startTimeout(t.linger()); // timer M
                shed();
            }
            case TERMINATED -> layer.removed(this);
            case PROCEEDING -> { }
        }
    }
}
