package io.tandem.config;

import java.net.InetAddress;

/**
 * An IP network (an ACL rule, a localnet, a ban), in one of the notations Routr accepts: a single address ({@code 10.0.0.1},
 * {@code 2001:db8::1}), CIDR ({@code 192.168.1.0/24}, {@code 2001:db8::/32}) or IPv4 address and dotted
 * mask ({@code 10.0.0.1/255.255.255.0}). Host bits are ignored ({@code 127.0.0.1/8} is {@code 127.0.0.0/8}).
 * {@link #toString()} gives the notation as written.
 */
public final class Cidr {
    private final String text;
    private final boolean ipv6;
    private final int prefixLength;
    private final long high; // IPv6: first 64 bits; IPv4: unused
    private final long low;  // IPv6: last 64 bits; IPv4: the address in the low 32 bits
    private final long maskHigh;
    private final long maskLow;

    private Cidr(String text, boolean ipv6, int prefixLength, long high, long low) {
        this.text = text;
        this.ipv6 = ipv6;
        this.prefixLength = prefixLength;
        if (ipv6) {
            maskHigh = prefixLength == 0 ? 0 : -1L << (64 - Math.min(64, prefixLength));
            maskLow = prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
        } else {
            maskHigh = 0;
            maskLow = prefixLength == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
        }
        this.high = high & maskHigh;
        this.low = low & maskLow;
    }

    /** Parses {@code s}; throws IllegalArgumentException with the reason when it is not a valid rule. */
    public static Cidr parse(String s) {
        String t = s.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        String mask = slash < 0 ? null : t.substring(slash + 1);
        if (addr.indexOf(':') >= 0) {
            byte[] b = parseIpv6(addr, s);
            if (b.length == 4) { // IPv4-mapped: Java answers an Inet4Address
                int p = mask == null ? 32 : Math.max(0, prefix(mask, 128, s) - 96);
                return new Cidr(s, false, p, 0, toLong(b, 0, 4));
            }
            int p = mask == null ? 128 : prefix(mask, 128, s);
            return new Cidr(s, true, p, toLong(b, 0, 8), toLong(b, 8, 8));
        }
        long a = parseIpv4(addr, s);
        int p;
        if (mask == null) {
            p = 32;
        } else if (mask.indexOf('.') >= 0) {
            long m = parseIpv4(mask, s);
            p = Long.bitCount(m);
            if (m != (p == 0 ? 0 : (0xFFFFFFFFL << (32 - p)) & 0xFFFFFFFFL)) {
                throw new IllegalArgumentException("'" + s + "': " + mask + " is not a contiguous network mask");
            }
        } else {
            p = prefix(mask, 32, s);
        }
        return new Cidr(s, false, p, 0, a);
    }

    private static int prefix(String mask, int max, String s) {
        if (mask.isEmpty() || mask.length() > 3 || !mask.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + s + "': prefix length '" + mask + "' is not a number");
        }
        int p = Integer.parseInt(mask);
        if (p > max) {
            throw new IllegalArgumentException("'" + s + "': prefix length " + p + " is over " + max);
        }
        return p;
    }

    private static long parseIpv4(String a, String s) {
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address, CIDR network or address/mask");
        }
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("'" + s + "': '" + a + "' is not an IPv4 address");
            }
            v = v << 8 | Integer.parseInt(part);
        }
        return v;
    }

    private static byte[] parseIpv6(String a, String s) {
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + s + "': scoped IPv6 addresses are not accepted");
        }
        try {
            return InetAddress.ofLiteral(a).getAddress(); // a literal only: never a DNS lookup
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s + "': '" + a + "' is not an IPv6 address");
        }
    }

    /**
     * An IPv4 dotted quad or an IPv6 literal (brackets allowed); never consults DNS. Unlike
     * {@link InetAddress#ofLiteral}, refuses the short IPv4 forms such as "10.1".
     */
    public static InetAddress literal(String s) {
        String h = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (h.indexOf(':') < 0 && !h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an IP address: " + s);
        }
        return InetAddress.ofLiteral(h);
    }

    private static long toLong(byte[] b, int off, int len) {
        long v = 0;
        for (int i = off; i < off + len; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    /** Whether the network contains {@code address}; an IPv4 network never contains an IPv6 address and vice versa. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** As {@link #contains(InetAddress)}, for raw address bytes (4 or 16). */
    public boolean contains(byte[] a) {
        if (ipv6) {
            return a.length == 16 && (toLong(a, 0, 8) & maskHigh) == high && (toLong(a, 8, 8) & maskLow) == low;
        }
        return a.length == 4 && (toLong(a, 0, 4) & maskLow) == low;
    }

    /** The network of {@code address} with this prefix length (host bits ignored). */
    public static Cidr of(InetAddress address, int prefixLength) {
        String a = address.getHostAddress();
        return parse(a + "/" + prefixLength);
    }

    /**
     * For an IPv4 network: whether it contains the IPv4 address {@code address} given as an int
     * (as {@link java.net.Inet4Address#hashCode()} gives it), with no allocation: checked per datagram.
     */
    public boolean containsIpv4(int address) {
        return !ipv6 && ((address & 0xFFFFFFFFL) & maskLow) == low;
    }

    /** The network's own address (host bits cleared). */
    public InetAddress address() {
        String n = network();
        return InetAddress.ofLiteral(n.substring(0, n.indexOf('/')));
    }

    public boolean isIpv6() {
        return ipv6;
    }

    /** The prefix length: 0..32 for IPv4, 0..128 for IPv6. */
    public int prefixLength() {
        return prefixLength;
    }

    /** The canonical form, e.g. {@code 192.168.1.2/31} for {@code 192.168.1.3/31}. */
    public String network() {
        byte[] b = new byte[ipv6 ? 16 : 4];
        for (int i = 0; i < b.length; i++) {
            long src = ipv6 ? (i < 8 ? high : low) : low;
            int shift = ipv6 ? (7 - i % 8) * 8 : (3 - i) * 8;
            b[i] = (byte) (src >>> shift);
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && ipv6 == c.ipv6 && prefixLength == c.prefixLength && high == c.high && low == c.low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high * 31 + low) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
