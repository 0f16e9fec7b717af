package io.tandem.edgeport.dns;

import io.tandem.processor.Transport;
import java.net.InetSocketAddress;

/** A resolved next hop: the transport and the socket address to send to (RFC 3263 §4). */
public record Destination(Transport transport, InetSocketAddress address) {
}
