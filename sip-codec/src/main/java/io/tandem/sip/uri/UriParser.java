package io.tandem.sip.uri;

import io.tandem.sip.CharClass;
import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of URI parsing: reads the scheme and hands the rest to the sip/sips, tel or
 * absolute-URI parser. Parses exactly the byte range given; the only exception it throws is
 * {@link SipParseException}.
 */
public final class UriParser {
    static final String WHERE = "URI";

    private UriParser() {
    }

    /** Parses the URI in {@code b[start, end)}. */
    public static Uri parse(byte[] b, int start, int end) {
        if (b == null || start < 0 || end > b.length || start > end) {
            throw new SipParseException(WHERE, "invalid byte range", -1);
        }
        if (start == end) {
            throw new SipParseException(WHERE, "empty URI", 0);
        }
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3261 §25.1)
        int i = start;
        while (i < end && isSchemeChar(b[i])) {
            i++;
        }
        if (i == end || b[i] != ':') {
            throw new SipParseException(WHERE, i == end ? "missing scheme" : "invalid character " + show(b[i]) + " in scheme", i - start);
        }
        if (i == start) {
            throw new SipParseException(WHERE, "empty scheme", 0);
        }
        if (!CharClass.isAlphanum(b[start]) || CharClass.isDigit(b[start])) {
            throw new SipParseException(WHERE, "scheme must start with a letter", 0);
        }
        int len = i - start;
        if (len == 3 && lower(b[start]) == 's' && lower(b[start + 1]) == 'i' && lower(b[start + 2]) == 'p') {
            return SipUriParser.parse(b, start, end, i, false);
        }
        if (len == 4 && lower(b[start]) == 's' && lower(b[start + 1]) == 'i' && lower(b[start + 2]) == 'p'
            && lower(b[start + 3]) == 's') {
            return SipUriParser.parse(b, start, end, i, true);
        }
        if (len == 3 && lower(b[start]) == 't' && lower(b[start + 1]) == 'e' && lower(b[start + 2]) == 'l') {
            return TelUriParser.parse(b, start, end, i);
        }
        return absolute(b, start, end, i);
    }

    /**
     * absoluteURI = scheme ":" ( hier-part / opaque-part ) (RFC 3261 §25.1, RFC 2396): the rest is
     * kept opaque; only bytes that can never appear in a URI are rejected. '[' ']' (RFC 2732) and
     * a '#' fragment are tolerated.
     */
    private static Uri absolute(byte[] b, int start, int end, int colon) {
        if (colon + 1 == end) {
            throw new SipParseException(WHERE, "nothing after the scheme", colon + 1 - start);
        }
        for (int i = colon + 1; i < end; i++) {
            int c = b[i] & 0xff;
            if (c == '%') {
                if (!Escapes.validAt(b, i, end)) {
                    throw new SipParseException(WHERE, "invalid escape sequence", i - start);
                }
                i += 2;
            } else if (!CharClass.isUnreserved(c) && !Escapes.isReserved(c) && c != '[' && c != ']' && c != '#') {
                throw new SipParseException(WHERE, "invalid character " + show(c), i - start);
            }
        }
        return new AbsoluteUri(ascii(b, start, colon), ascii(b, colon + 1, end), ascii(b, start, end));
    }

    private static boolean isSchemeChar(int c) {
        return CharClass.isAlphanum(c) || c == '+' || c == '-' || c == '.';
    }

    /** True if {@code s} is a valid scheme name. */
    static boolean isScheme(String s) {
        if (s.isEmpty() || !CharClass.isAlphanum(s.charAt(0)) || CharClass.isDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f || !isSchemeChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte c) {
        return CharClass.lower(c & 0xff);
    }

    /** Bytes [s, e) as a String; callers have checked they are ASCII. */
    static String ascii(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }

    /** A byte for an error message: {@code 'x'} if printable ASCII, else {@code 0xNN}. */
    static String show(int c) {
        c &= 0xff;
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02X", c);
    }
}
