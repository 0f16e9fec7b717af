package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.ServerTransaction;
import io.tandem.processor.CallListener;
import io.tandem.sip.message.SipResponse;

/**
 * Sends responses upstream in their server transaction, and publishes them as call events: the
 * one way out for every response of the proxy core and its response contexts.
 */
final class Upstream {
    private final CallListener events;

    Upstream(CallListener events) {
        this.events = events;
    }

    CallListener events() {
        return events;
    }

    /** @param local generated here rather than the outcome of forwarding (see {@link CallListener#responseSent}) */
    void send(ServerTransaction tx, SipResponse r, boolean local) {
        boolean first = !tx.hasFinalResponse();
        tx.sendResponse(r);
        if (events == CallListener.NONE) {
            return;
        }
        int status = r.status();
        if (status > 100) {
            events.responseSent(tx.request(), tx.requestFlow().remote(), r, local);
        }
        if (first && status >= 200) {
            events.transactionEnded(tx.request(), status);
        }
    }

    /** The server transaction of a request ended with no final response (dropped, or failed first). */
    void ended(ServerTransaction tx) {
        if (!tx.hasFinalResponse()) {
            events.transactionEnded(tx.request(), 0);
        }
    }
}
