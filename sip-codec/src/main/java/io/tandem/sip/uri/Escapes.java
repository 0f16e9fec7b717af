package io.tandem.sip.uri;

import io.tandem.sip.CharClass;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent escapes ({@code escaped = "%" HEXDIG HEXDIG}, RFC 3261 §25.1): checking, decoding, comparing. */
final class Escapes {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Escapes() {
    }

    /** Value of a hex digit, or -1. */
    static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        c |= 0x20;
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** True if {@code b[i]} is '%' followed by two hex digits before {@code end}. */
    static boolean validAt(byte[] b, int i, int end) {
        return i + 2 < end && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0;
    }

    /** RFC 3261 §25.1 reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / "," */
    static boolean isReserved(int c) {
        return switch (c) {
            case ';', '/', '?', ':', '@', '&', '=', '+', '$', ',' -> true;
            default -> false;
        };
    }

    /** Percent-decodes {@code s}; the decoded bytes are read as UTF-8. Assumes escapes were validated. */
    static String decode(String s) {
        int i = s.indexOf('%');
        if (i < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < b.length; k++) {
            if (b[k] == '%' && k + 2 < b.length && hex(b[k + 1]) >= 0 && hex(b[k + 2]) >= 0) {
                out.write(hex(b[k + 1]) << 4 | hex(b[k + 2]));
                k += 2;
            } else {
                out.write(b[k]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Percent-encodes every character of {@code s} (as UTF-8) that {@code allowed} rejects, and
     * every '%'. Used to build user parts from plain text.
     */
    static String encode(String s, java.util.function.IntPredicate allowed) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length + 8);
        for (byte x : b) {
            int c = x & 0xff;
            if (c != '%' && c < 0x80 && allowed.test(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    /**
     * Compares two escaped strings per RFC 3261 §19.1.4: an escape of a character outside the
     * "reserved" set equals the character itself; escapes of reserved characters only equal
     * escapes of the same byte (hex case ignored). {@code ignoreCase} folds ASCII letters.
     */
    static boolean equivalent(String a, String b, boolean ignoreCase) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.indexOf('%') < 0 && b.indexOf('%') < 0) {
            return ignoreCase ? a.equalsIgnoreCase(b) : a.equals(b);
        }
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ua = unit(a, i);
            int ub = unit(b, j);
            if (ignoreCase) {
                ua = ua < 0x100 ? CharClass.lower(ua) : ua;
                ub = ub < 0x100 ? CharClass.lower(ub) : ub;
            }
            if (ua != ub) {
                return false;
            }
            i += width(a, i);
            j += width(b, j);
        }
        return i == a.length() && j == b.length();
    }

    /** The comparison unit at {@code i}: a char, or 0x100|byte for an escaped reserved char. */
    private static int unit(String s, int i) {
        char c = s.charAt(i);
        if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
            int v = hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2));
            return isReserved(v) ? 0x100 | v : v;
        }
        return c;
    }

    private static int width(String s, int i) {
        return s.charAt(i) == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0 ? 3 : 1;
    }
}
