package io.tandem.edgeport.proxy;

import io.tandem.processor.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * Names a connection in the user part of a Record-Route URI we write (in the manner of RFC 5626
 * §5.3 flow tokens), so that in-dialog requests toward a client that can only be reached over its
 * own connection (WebSocket, TCP behind NAT) go back over it. Form: {@code f-<transport>-<hex
 * address>-<port>}. A token names a connection by its far address: when that connection has
 * closed, the transport may open a new one to the same address (which reaches a server we had
 * connected to, not a client behind NAT); when none can be had the request gets 430 Flow Failed
 * (RFC 5626 §5.3).
 */
final class FlowToken {
    private static final String PREFIX = "f-";

    private FlowToken() {
    }

    static String encode(Transport t, InetSocketAddress remote) {
        return PREFIX + t.uriParam() + "-" + HexFormat.of().formatHex(remote.getAddress().getAddress()) + "-" + remote.getPort();
    }

    /** The transport and address named by a token, or null if {@code user} is not one. */
    static Decoded decode(String user) {
        if (user == null || !user.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = user.split("-");
        if (parts.length != 4) {
            return null;
        }
        Transport t = Transport.of(parts[1]);
        try {
            byte[] addr = HexFormat.of().parseHex(parts[2]);
            int port = Integer.parseInt(parts[3]);
            if (t == null || (addr.length != 4 && addr.length != 16) || port <= 0 || port > 65535) {
                return null;
            }
            return new Decoded(t, new InetSocketAddress(InetAddress.getByAddress(addr), port));
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }

    record Decoded(Transport transport, InetSocketAddress address) {
    }
}
