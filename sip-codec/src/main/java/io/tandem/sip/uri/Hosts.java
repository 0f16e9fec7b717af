package io.tandem.sip.uri;

import io.tandem.sip.CharClass;
import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1). IPv6 literals are checked
 * against RFC 4291 §2.2, tolerating the RFC 3261 ABNF's extra colon before an embedded IPv4
 * address ({@code [2001:db8:::192.0.2.1]}, RFC 5118 §4.10).
 */
final class Hosts {
    static final int NAME = 0;
    static final int IPV4 = 1;
    static final int IPV6 = 2;

    private Hosts() {
    }

    /** Checks [s,e) as a host and returns its kind; {@code base} is subtracted from error offsets. */
    static int check(byte[] b, int s, int e, String where, int base) {
        if (s >= e) {
            throw new SipParseException(where, "empty host", s - base);
        }
        if (b[s] == '[') {
            if (e - s < 2 || b[e - 1] != ']' || !parseIPv6(b, s + 1, e - 1, null)) {
                throw new SipParseException(where, "invalid IPv6 reference", s - base);
            }
            return IPV6;
        }
        boolean numeric = true;
        for (int i = s; i < e; i++) {
            int c = b[i] & 0xff;
            if (!CharClass.isAlphanum(c) && c != '-' && c != '.') {
                throw new SipParseException(where, "invalid character " + UriParser.show(c) + " in host", i - base);
            }
            numeric &= c == '.' || CharClass.isDigit(c);
        }
        if (numeric) {
            if (ipv4(b, s, e) < 0) {
                throw new SipParseException(where, "invalid IPv4 address", s - base);
            }
            return IPV4;
        }
        if (!isHostname(b, s, e)) {
            throw new SipParseException(where, "invalid host name", s - base);
        }
        return NAME;
    }

    /** hostname = *( domainlabel "." ) toplabel [ "." ]; labels of alphanum and inner '-'; toplabel starts with ALPHA. */
    static boolean isHostname(byte[] b, int s, int e) {
        if (e > s && b[e - 1] == '.') {
            e--;
        }
        int labelStart = s;
        for (int i = s; i <= e; i++) {
            if (i == e || b[i] == '.') {
                if (i == labelStart || b[labelStart] == '-' || b[i - 1] == '-') {
                    return false;
                }
                if (i == e && !isAlpha(b[labelStart])) {
                    return false;
                }
                labelStart = i + 1;
            } else if (!CharClass.isAlphanum(b[i]) && b[i] != '-') {
                return false;
            }
        }
        return true;
    }

    /** IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255: the address, or -1. */
    static long ipv4(byte[] b, int s, int e) {
        long addr = 0;
        int i = s;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= e || b[i] != '.') {
                    return -1;
                }
                i++;
            }
            int v = 0;
            int digits = 0;
            while (i < e && CharClass.isDigit(b[i]) && digits < 4) {
                v = v * 10 + (b[i++] - '0');
                digits++;
            }
            if (digits == 0 || digits > 3 || v > 255) {
                return -1;
            }
            addr = addr << 8 | v;
        }
        return i == e ? addr : -1;
    }

    /** Parses an IPv6 address (without brackets) in [s,e) into 16 bytes; false if it is not one. */
    static boolean parseIPv6(byte[] b, int s, int e, byte[] out) { // out is null when only validating
        int[] groups = new int[8];
        int n = 0;
        int gap = -1; // index in groups where "::" stands
        int i = s;
        if (e - s >= 2 && b[s] == ':' && b[s + 1] == ':') {
            gap = 0;
            i = s + 2;
        } else if (i < e && b[i] == ':') {
            return false;
        }
        while (i < e) {
            if (gap >= 0 && n == gap && i > s && b[i] == ':' && b[i - 1] == ':' && isIPv4Tail(b, i + 1, e)) {
                i++; // RFC 3261 ABNF: hexpart ":" IPv4address may give ":::" (RFC 5118 §4.10)
            }
            int gs = i;
            int v = 0;
            while (i < e && i - gs < 5 && Escapes.hex(b[i]) >= 0) {
                v = v << 4 | Escapes.hex(b[i++]);
            }
            if (i < e && b[i] == '.') {
                long a4 = ipv4(b, gs, e);
                if (n > 6 || a4 < 0) {
                    return false;
                }
                groups[n++] = (int) (a4 >> 16);
                groups[n++] = (int) (a4 & 0xffff);
                break;
            }
            if (i == gs || i - gs > 4 || n == 8) {
                return false;
            }
            groups[n++] = v;
            if (i == e) {
                break;
            }
            if (b[i] != ':') {
                return false;
            }
            i++;
            if (i < e && b[i] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                i++;
            } else if (i == e) {
                return false; // trailing single colon
            }
        }
        if (gap < 0 ? n != 8 : n > 7) {
            return false;
        }
        if (out == null) {
            return true;
        }
        Arrays.fill(out, (byte) 0);
        int zeros = 8 - n;
        for (int g = 0, k = 0; g < n; g++, k++) {
            if (g == gap) {
                k += zeros;
            }
            out[2 * k] = (byte) (groups[g] >> 8);
            out[2 * k + 1] = (byte) groups[g];
        }
        return true;
    }

    private static boolean isAlpha(int c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    private static boolean isIPv4Tail(byte[] b, int s, int e) {
        return ipv4(b, s, e) >= 0;
    }

    /** Host comparison for RFC 3261 §19.1.4: names ignore case, IP literals compare as addresses. */
    static boolean same(String a, int kindA, String b, int kindB) {
        if (kindA != kindB) {
            return false;
        }
        return a.equalsIgnoreCase(b) || (kindA != NAME && Arrays.equals(address(a, kindA), address(b, kindB)));
    }

    /** The address bytes of an IP host (IPv6 with brackets), or null. */
    static byte[] address(String host, int kind) {
        byte[] b = host.getBytes(StandardCharsets.ISO_8859_1);
        if (kind == IPV4) {
            long a = ipv4(b, 0, b.length);
            return a < 0 ? null : new byte[] {(byte) (a >> 24), (byte) (a >> 16), (byte) (a >> 8), (byte) a};
        }
        if (kind == IPV6 && b.length >= 2) {
            byte[] out = new byte[16];
            return parseIPv6(b, 1, b.length - 1, out) ? out : null;
        }
        return null;
    }
}
