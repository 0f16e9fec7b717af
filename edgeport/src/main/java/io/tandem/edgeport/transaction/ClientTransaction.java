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

    /** The last response passed to the listener, or null. */
    public final SipResponse lastResponse() {
        return lastResponse;
    }

    @Override
    void shed() {
        super.shed();
        if (lastResponse != null) {
            lastResponse = lastResponse.lean();
        }
    }

    /** Sends the request and starts the timers of the initial state. */
    abstract void start();

    /** A response that matched this transaction (§17.1.3). */
    abstract void responseReceived(SipResponse response);
}
