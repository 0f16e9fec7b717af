package io.tandem.edgeport.transport;

import io.tandem.edgeport.config.Limits;
import io.tandem.edgeport.door.OutboundFilter;
import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.edgeport.log.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every channel handler of one transport shares: the user's handler, counters, connections,
 * limits, the tap, and the outbound filter every message passes before it is serialized.
 */
record TransportContext(InboundHandler handler, TransportStats stats, ConnectionTable table, Limits limits, MessageTap tap,
                        OutboundFilter outbound) {
    TransportContext(InboundHandler handler, TransportStats stats, ConnectionTable table, Limits limits) {
        this(handler, stats, table, limits, MessageTap.NONE, OutboundFilter.NONE);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TransportContext.class);
    private static final RateLimitedLog BAD_INPUT = RateLimitedLog.of(LOG);

    /**
     * Parses one message (a datagram or WebSocket frame: body to the end when Content-Length is
     * absent, RFC 3261 §18.3; or a stream frame cut by the StreamFramer) and hands it on. The
     * array becomes the message's: callers pass a fresh one.
     */
    void deliver(byte[] bytes, boolean framed, Flow flow) {
        if (tap != MessageTap.NONE) {
            tap(MessageTap.Direction.IN, flow, bytes);
        }
        SipMessage message;
        try {
            message = framed ? SipParser.parseFrame(bytes, 0, bytes.length) : SipParser.parseDatagram(bytes, 0, bytes.length);
        } catch (SipParseException e) {
            stats.parseError();
            BAD_INPUT.warn("unparsable message from {} over {}: {}", flow.remote(), flow.transport(), e.getMessage());
            try {
                handler.onUnparsable(e, flow);
            } catch (RuntimeException ex) {
                LOG.warn("inbound handler failed on an unparsable message from {}", flow.remote(), ex);
            }
            return;
        }
        stats.messageIn(flow.transport());
        SipMessage before = MessageScope.enter(message);
        try {
            if (LOG.isDebugEnabled()) {
                LOG.debug("in  {} {} from {}: {}", flow.transport(), MessageSummary.of(message), flow.remote(), MessageSummary.callId(message));
            }
            handler.onMessage(message, flow);
        } catch (RuntimeException e) {
            // a handler bug must not take the connection (and the other messages on it) down
            LOG.warn("inbound handler failed on a message from {} over {}", flow.remote(), flow.transport(), e);
        } finally {
            MessageScope.exit(before);
        }
    }

    /** The bytes that go on the wire for {@code message}: after the outbound filter (which may throw: nothing is sent). */
    byte[] wire(SipMessage message, Flow flow) {
        return (outbound == OutboundFilter.NONE ? message : outbound.outbound(message, flow)).toBytes();
    }

    /** Shows the bytes to the tap; a failing tap never costs the message. */
    void tap(MessageTap.Direction direction, Flow flow, byte[] bytes) {
        try {
            java.net.SocketAddress local = flow instanceof StreamFlow s ? s.channel().localAddress()
                : flow instanceof UdpFlow u ? u.localAddress() : null;
            tap.message(direction, flow.transport(), local instanceof java.net.InetSocketAddress a ? a : null, flow.remote(), bytes,
                MessageTap.nowMicros());
        } catch (RuntimeException e) {
            LOG.warn("message tap failed", e);
        }
    }
}
