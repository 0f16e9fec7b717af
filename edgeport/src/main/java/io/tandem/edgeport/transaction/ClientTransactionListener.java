package io.tandem.edgeport.transaction;

import io.tandem.sip.message.SipResponse;

/** What a client transaction reports to the TU that created it (RFC 3261 §17.1). */
public interface ClientTransactionListener {
    /** A provisional or final response; for INVITE also every 2xx retransmission (RFC 6026 §8.4). */
    void onResponse(ClientTransaction tx, SipResponse response);

    /** Timer B or F fired: act as if a 408 had arrived (§17.1.1.2, §17.1.2.2). */
    void onTimeout(ClientTransaction tx);

    /** The request could not be sent (§18.4, §8.1.3.1: treat as 503). */
    void onTransportError(ClientTransaction tx, Throwable cause);
}
