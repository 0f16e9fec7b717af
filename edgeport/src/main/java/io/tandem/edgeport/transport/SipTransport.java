package io.tandem.edgeport.transport;

import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The transport layer of the EdgePort (RFC 3261 §18): listeners, connections, sending. */
public interface SipTransport extends AutoCloseable {
    /** Binds every configured listener; completes when all are bound or fails naming the one that could not bind. */
    CompletionStage<Void> start(InboundHandler handler);

    List<ListeningPoint> listeningPoints();

    /**
     * A flow toward {@code destination}: an open connection to it on that transport if one exists
     * (RFC 5923), otherwise a new connection (stream transports) or our UDP socket of the same
     * address family. Fails when no listening point has the transport or the connection fails.
     */
    CompletionStage<Flow> flowTo(Transport transport, InetSocketAddress destination);

    /** Stops accepting and closes every connection. */
    @Override
    void close();
}
