package io.tandem.processor;

import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the proxy core did with each request and response, published as it happens, the way
 * Kamailio's tm callbacks let {@code acc} and {@code dialog} attach without touching {@code tm}.
 * Accounting, dialog tracking, call limits and metrics listen here instead of patching the core.
 *
 * <p>Called on the shard (event loop) that owns the call, in the order things happen for that
 * call; implementations must be thread-safe across calls, must not block and should not throw (an
 * exception is caught, counted and logged by the core; the call goes on). Messages are immutable.
 * Every method has an empty default, so a listener implements only what it needs.
 */
public interface CallListener {
    /** A listener that ignores everything; what the core uses when none is configured. */
    CallListener NONE = new CallListener() {
    };

    /**
     * A new request passed the door and validation (§16.3) and goes to the Processor: every
     * request but CANCEL (see {@link #cancelReceived}) and ACK (see {@link #ackReceived}).
     */
    default void requestReceived(MessageContext request) {
    }

    /**
     * A branch of {@code request} was sent (§16.6): {@code sent} is the request as it went out
     * (our Via on top), over {@code transport} to {@code destination}.
     */
    default void branchSent(SipRequest request, SipRequest sent, Transport transport, InetSocketAddress destination) {
    }

    /**
     * A response went upstream for {@code request}: the outcome of forwarding it ({@code local}
     * false: provisional responses, every 2xx, the best final, including the 408/487/503 chosen
     * for branches that got no answer) or generated here without forwarding ({@code local} true:
     * a Processor's Respond, a rejection, 503 when the Processor failed). 100 Trying is not
     * published. A 2xx to an INVITE may come more than once (RFC 6026 retransmissions).
     * {@code source} is where the request came from (the observed address, not what it claims).
     */
    default void responseSent(SipRequest request, InetSocketAddress source, SipResponse response, boolean local) {
    }

    /** An ACK for a 2xx arrived; it is routed end to end, statelessly (§16.7, RFC 6026 §7.1). */
    default void ackReceived(SipRequest ack) {
    }

    /** A CANCEL came (§16.10); {@code matched} is false when no INVITE of ours matched it (481). */
    default void cancelReceived(SipRequest cancel, boolean matched) {
    }

    /**
     * The proxy is done with the server transaction of {@code request}: its first final response,
     * {@code status}, went upstream, or it ended without one (status 0: dropped by the Processor
     * or by policy, or the transaction failed first, e.g. on a transport error). Once per server
     * transaction, CANCEL's included; after it only 2xx retransmissions may follow.
     */
    default void transactionEnded(SipRequest request, int status) {
    }

    /** All of {@code listeners}, in order; {@link #NONE} when empty, the one when there is one. */
    static CallListener all(List<? extends CallListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> NONE;
            case 1 -> listeners.get(0);
            default -> new CallListenerChain(listeners);
        };
    }
}
