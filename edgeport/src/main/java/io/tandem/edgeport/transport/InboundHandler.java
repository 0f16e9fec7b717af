package io.tandem.edgeport.transport;

import io.tandem.processor.Transport;
import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;

/** Receives what the transport layer reads. Called on the event loop that read it. */
public interface InboundHandler {
    /**
     * Whether anything from {@code remote} is read at all: asked when a connection is accepted and
     * for each datagram, before parsing. A refused connection is closed, a refused datagram dropped
     * (both counted as {@code refusedBySource}).
     */
    default boolean admits(java.net.InetSocketAddress remote, Transport transport) {
        return true;
    }

    /** A parsed message and the flow it arrived on. */
    void onMessage(SipMessage message, Flow flow);

    /**
     * Bytes that did not parse. {@code error.partial()} holds the message as far as it could be
     * framed, from which a 400 can be answered (RFC 3261 §16.3 step 1).
     */
    void onUnparsable(SipParseException error, Flow flow);

    /** A connection closed: state that referred to the flow must go. */
    default void onFlowClosed(Flow flow) {
    }
}
