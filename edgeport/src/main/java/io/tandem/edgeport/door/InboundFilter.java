package io.tandem.edgeport.door;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipMessage;

/**
 * One concern at the door (a ban list, flood detection, a scanner signature, a length guard...):
 * looks at every parsed message, retransmissions included, before the transaction layer sees it.
 * The EdgePort runs its filters in the configured order; the first verdict other than
 * {@link Verdict#PASS} ends the chain.
 *
 * <p>Called on the transport's I/O event loop that read the message, so concurrently for
 * different sources: implementations must be thread-safe, lock-free on the common path, must not
 * block, and should allocate nothing for a message they pass. A filter must not send anything
 * itself: a {@link Verdict.Reject} is answered statelessly by the core (RFC 3261 §16.3 step 1
 * style), a {@link Verdict.Drop} is counted. A filter that throws passes the message (counted).
 */
@FunctionalInterface
public interface InboundFilter {
    Verdict check(SipMessage message, Flow flow);
}
