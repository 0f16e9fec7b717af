package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/**
 * A server transaction (RFC 3261 §17.2): absorbs retransmissions of its request and sends the
 * responses the TU gives it, retransmitting the final one where the RFC says so. Responses go on
 * {@code requestFlow.forResponse(topVia)}, resolved once at creation (§18.2.2, RFC 3581).
 */
public abstract sealed class ServerTransaction extends Transaction
        permits InviteServerTransaction, NonInviteServerTransaction {
    private final Flow requestFlow;
    SipResponse lastResponse;
    /** A final response was sent (kept apart: an INVITE transaction in Accepted lets go of it). */
    boolean finalSent;

    ServerTransaction(TransactionLayer layer, SipRequest request, Flow requestFlow, TxKey key) {
        super(layer, request, requestFlow.forResponse(request.topVia()), key);
        this.requestFlow = requestFlow;
    }

    /** The flow the request arrived on. */
    public final Flow requestFlow() {
        return requestFlow;
    }

    /** The last response sent (provisional or final), or null. */
    public final SipResponse lastResponse() {
        return lastResponse;
    }

    /** True once a final response has been sent. */
    public final boolean hasFinalResponse() {
        return finalSent || lastResponse != null && lastResponse.status() >= 200;
    }

    /**
     * Sends a response to the request. Returns false, sending nothing, when the state does not
     * allow it: a second final response, a provisional after the final, or anything after
     * termination (RFC 6026 §7.1 allows 2xx retransmissions for INVITE in Accepted).
     */
    public abstract boolean sendResponse(SipResponse response);

    /**
     * Sends 100 Trying (§8.2.6.1: a copy of any Timestamp; no To tag). A proxy sends it for INVITE
     * (§16.2); the TU decides when.
     */
    public final boolean sendTrying() {
        SipResponse trying = SipResponse.forRequest(request, 100, "Trying");
        String timestamp = request.header("Timestamp");
        if (timestamp != null) {
            trying = trying.edit().add("Timestamp", timestamp).build();
        }
        return sendResponse(trying);
    }

    @Override
    void shed() {
        super.shed();
        if (lastResponse != null) {
            lastResponse = lastResponse.lean();
        }
    }

    /** A retransmission of the request matched this transaction (§17.2.1, §17.2.2). */
    abstract void retransmissionReceived(SipRequest retransmission);

    /** The To tag of the last response sent, for RFC 2543 ACK matching (§17.2.3). */
    final String responseToTag() {
        return lastResponse == null ? null : lastResponse.to().tag();
    }

    /** Ends the transaction and tells the TU it failed (timer H, transport error). */
    final void fail(String why) {
        enterTerminated();
        layer.tu().onServerTransactionFailed(this, why);
    }
}
