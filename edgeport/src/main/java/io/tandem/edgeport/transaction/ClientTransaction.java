package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/**
 * A client transaction (RFC 3261 §17.1): sends its request, retransmits it over unreliable
 * transports, matches responses by top Via branch and CSeq method (§17.1.3) and reports them to
 * its {@link ClientTransactionListener}.
 */
public abstract sealed class ClientTransaction extends Transaction
        permits InviteClientTransaction, NonInviteClientTransaction {
    final ClientTransactionListener listener;
    SipResponse lastResponse;

    ClientTransaction(TransactionLayer layer, SipRequest request, Flow flow, ClientTransactionListener listener,
                      TxKey key) {
        super(layer, request, flow, key);
        this.listener = listener;
    }

    /** The branch of our Via, which identifies the transaction (§8.1.1.7). */
    public final String branch() {
        return key.branch();
    }

    public final ClientTransactionListener listener() {
        return listener;
    }

    /** The last response passed to the listener; null before the first, and again once shed. */
    public final SipResponse lastResponse() {
        return lastResponse;
    }

    /** True once a final response has come (Completed, Accepted or Terminated after one). */
    public abstract boolean hasFinalResponse();

    /**
     * Completed or Accepted: from here on the transaction only absorbs retransmitted responses
     * (re-ACKing a non-2xx from its kept ACK, §17.1.1.2) or passes 2xx retransmissions up (RFC
     * 6026 §7.2), for up to 64·T1. Neither needs the request nor the response: both go, so that
     * the datagrams they point into are not kept alive for every call of the last seconds (each
     * survivor of a young collection is copied, which is most of its pause).
     */
    @Override
    void shed() {
        request = null;
        lastResponse = null;
    }

    /** Sends the request and starts the timers of the initial state. */
    abstract void start();

    /** A response that matched this transaction (§17.1.3). */
    abstract void responseReceived(SipResponse response);
}
