package io.tandem.edgeport.door;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipMessage;

/**
 * The send side of the door: sees every message the EdgePort writes (relayed, generated, and each
 * retransmission) just before it is serialized for {@code flow}, and returns what goes on the wire:
 * the same message, or a rewritten one (topology hiding masks our Via, Record-Route and Contact
 * toward untrusted sides). Runs on the sending thread (usually the call's shard): thread-safe, no
 * blocking, nothing allocated for a message it leaves alone; a retransmission must come out as the
 * first copy did. A filter that throws stops the send (the send fails, counted): a message it could
 * not rewrite is never sent as it was.
 */
@FunctionalInterface
public interface OutboundFilter {
    OutboundFilter NONE = (message, flow) -> message;

    SipMessage outbound(SipMessage message, Flow flow);
}
