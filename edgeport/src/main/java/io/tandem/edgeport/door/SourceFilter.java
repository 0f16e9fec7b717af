package io.tandem.edgeport.door;

import io.tandem.processor.Transport;
import java.net.InetSocketAddress;

/**
 * The Netty-level door: decides on a source before anything is read from it. Checked when a
 * TCP, TLS, WS or WSS connection is accepted (refused: closed at once, before the TLS handshake)
 * and for each UDP datagram before it is parsed (refused: dropped). Refusals are counted by the
 * transport ({@code refusedBySource}). Called on I/O event loops: thread-safe, non-blocking, no
 * allocation; a ban list or an ACL lookup belongs here.
 */
@FunctionalInterface
public interface SourceFilter {
    SourceFilter ANY = (remote, transport) -> true;

    boolean admits(InetSocketAddress remote, Transport transport);
}
