package io.tandem.edgeport.transport;

import io.tandem.edgeport.config.Limits;
import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every channel handler of one transport shares: the user's handler, counters, connections, limits. */
record TransportContext(InboundHandler handler, TransportStats stats, ConnectionTable table, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(TransportContext.class);

    /**
     * Parses one message (a datagram or WebSocket frame: body to the end when Content-Length is
     * absent, RFC 3261 §18.3; or a stream frame cut by the StreamFramer) and hands it on. The
     * array becomes the message's: callers pass a fresh one.
     */
    void deliver(byte[] bytes, boolean framed, Flow flow) {
        SipMessage message;
        try {
            message = framed ? SipParser.parseFrame(bytes, 0, bytes.length) : SipParser.parseDatagram(bytes, 0, bytes.length);
        } catch (SipParseException e) {
            stats.parseError();
            if (LOG.isDebugEnabled()) {
                LOG.debug("unparsable message from {} over {}: {}", flow.remote(), flow.transport(), e.getMessage());
            }
            try {
                handler.onUnparsable(e, flow);
            } catch (RuntimeException ex) {
                LOG.warn("inbound handler failed on an unparsable message from {}", flow.remote(), ex);
            }
            return;
        }
        stats.messageIn(flow.transport());
        try {
            handler.onMessage(message, flow);
        } catch (RuntimeException e) {
            // a handler bug must not take the connection (and the other messages on it) down
            LOG.warn("inbound handler failed on a message from {} over {}", flow.remote(), flow.transport(), e);
        }
    }
}
