package io.tandem.observability.hep;

import java.net.InetSocketAddress;

/**
 * Where HEP packets go: a collector's address and the transport to it. Over UDP each packet is a
 * datagram (heplify-server's default); over TCP the packets follow each other on one connection
 * (HEP3 packets carry their own length), which costs far less per message: a batch of captures
 * is one write instead of one datagram each.
 */
public record HepCollector(boolean tcp, InetSocketAddress address) {
    /** {@code HOST:PORT} (UDP), {@code udp:HOST:PORT} or {@code tcp:HOST:PORT}; IPv6 as {@code [v6]:PORT}. Refused naming {@code --hep}. */
    public static HepCollector parse(String value) {
        boolean tcp = value.startsWith("tcp:");
        String hostPort = tcp || value.startsWith("udp:") ? value.substring(4) : value;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--hep: '" + value + "' is not HOST:PORT, udp:HOST:PORT or tcp:HOST:PORT");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--hep: '" + value + "': the port is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("--hep: '" + value + "': the port is not between 1 and 65535");
        }
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("--hep: '" + host + "' does not resolve");
        }
        return new HepCollector(tcp, a);
    }

    @Override
    public String toString() {
        return (tcp ? "tcp:" : "udp:") + address.getHostString() + ":" + address.getPort();
    }
}
