package io.tandem.security;

import io.tandem.edgeport.config.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IP network (a CIDR such as {@code 203.0.113.0/24}, or one address) that answers
 * {@link #contains} without allocating for IPv4: checked for every datagram at the door.
 */
public record Network(Cidr cidr) {
    private static final int V4_BITS = 32;

    /** Parses {@code a.b.c.d/n}, {@code x::y/n} or a bare address (never DNS). */
    public static Network parse(String text) {
        return new Network(Cidr.parse(text.strip()));
    }

    /** The network of exactly this address (/32 or /128). */
    public static Network of(InetAddress address) {
        return new Network(new Cidr(address, address.getAddress().length * 8));
    }

    /** True when this is a single address (what the detectors ban). */
    public boolean isHost() {
        return cidr.prefix() == cidr.address().getAddress().length * 8;
    }

    public InetAddress address() {
        return cidr.address();
    }

    public int prefix() {
        return cidr.prefix();
    }

    public boolean contains(InetAddress ip) {
        if (ip instanceof Inet4Address && cidr.address() instanceof Inet4Address net) {
            // Inet4Address.hashCode() is its address as an int (java.net, since 1.0): no byte[] copy per datagram
            int mask = cidr.prefix() == 0 ? 0 : -1 << (V4_BITS - cidr.prefix());
            return (ip.hashCode() & mask) == (net.hashCode() & mask);
        }
        return cidr.contains(ip);
    }

    /** The canonical text, {@code 203.0.113.0/24} or a bare {@code 203.0.113.7} for one address. */
    @Override
    public String toString() {
        return isHost() ? cidr.address().getHostAddress() : cidr.toString();
    }
}
