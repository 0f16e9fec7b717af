package io.tandem.edgeport.config;

import java.net.InetAddress;

/** An IP network such as {@code 10.111.221.0/24} (host bits are ignored); a bare address is a /32 or /128. */
public record Cidr(InetAddress address, int prefix) {
    public Cidr {
        int bits = address.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " outside 0-" + bits);
        }
    }

    /** Parses "a.b.c.d/n", "x::y/n" or a bare literal; never consults DNS. */
    public static Cidr parse(String s) {
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        InetAddress a;
        try {
            a = literal(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address or network (a.b.c.d/n): " + s);
        }
        int bits = a.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + s);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length must be 0-" + bits + " in " + s);
            }
        }
        return new Cidr(a, prefix);
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

    /** True when {@code ip} is in this network (same family only). */
    public boolean contains(InetAddress ip) {
        byte[] net = address.getAddress();
        byte[] b = ip.getAddress();
        if (b.length != net.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (net[i] != b[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (net[full] & mask) == (b[full] & mask);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }
}
