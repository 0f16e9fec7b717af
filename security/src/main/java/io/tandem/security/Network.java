package io.tandem.security;

import io.tandem.config.Cidr;
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
        return new Network(Cidr.of(address, address.getAddress().length * 8));
    }

    /** True when this is a single address (what the detectors ban). */
    public boolean isHost() {
        return cidr.prefixLength() == (cidr.isIpv6() ? 128 : V4_BITS);
    }

    public InetAddress address() {
        return cidr.address();
    }

    public int prefix() {
        return cidr.prefixLength();
    }

    public boolean contains(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            // Inet4Address.hashCode() is its address as an int (java.net, since 1.0): no byte[] copy per datagram
            return cidr.containsIpv4(ip.hashCode());
        }
        return cidr.contains(ip);
    }

    /** The canonical text, {@code 203.0.113.0/24} or a bare {@code 203.0.113.7} for one address. */
    @Override
    public String toString() {
        return isHost() ? cidr.address().getHostAddress() : cidr.network();
    }
}
