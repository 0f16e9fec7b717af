package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/** The layer above the transactions (the proxy core): what the transaction layer hands up. */
public interface TransactionUser {
    /** A request that matched no transaction; {@code tx} is its new server transaction. */
    void onRequest(ServerTransaction tx, SipRequest request);

    /**
     * An ACK that matched no INVITE server transaction in Completed state: the ACK for a 2xx,
     * which a proxy forwards end to end (RFC 3261 §17.2.3, RFC 6026 §7.1).
     */
    void onAck(SipRequest ack, Flow flow);

    /**
     * A response that matched no client transaction (RFC 3261 §17.1.3): a proxy forwards it
     * statelessly by its Via (§16.7, §16.11), e.g. a retransmitted 2xx after the transaction ended.
     */
    void onStrayResponse(SipResponse response, Flow flow);

    /** A server transaction ended without its final response being acknowledged (timer H) or on a transport error. */
    default void onServerTransactionFailed(ServerTransaction tx, String why) {
    }
}
