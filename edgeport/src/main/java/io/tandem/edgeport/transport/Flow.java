package io.tandem.edgeport.transport;

import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * A path to a peer: a connection for stream transports (RFC 5923 reuse, RFC 5626 flows), or the
 * pair of our UDP socket and the peer's address. Messages that must go back the way a request
 * came (responses, requests toward a client behind NAT) use the flow it arrived on.
 */
public interface Flow {
    Transport transport();

    /** The peer's address as observed (not as the message claims). */
    InetSocketAddress remote();

    /** The listening point on our side. */
    ListeningPoint local();

    /** False once the connection has closed (always true for UDP). */
    boolean isOpen();

    /**
     * Sends one message. The stage completes when the bytes are written, or exceptionally on a
     * transport error (connection refused or reset, unresolvable, too large for UDP...).
     */
    CompletionStage<Void> send(SipMessage message);

    /**
     * Where the responses to a request that arrived on this flow go (RFC 3261 §18.2.2, RFC 3581
     * §4): the same connection for stream transports; for UDP the source address, with the
     * source port when the top Via asked for rport, else the port in its sent-by (default 5060).
     */
    Flow forResponse(Via topVia);
}
