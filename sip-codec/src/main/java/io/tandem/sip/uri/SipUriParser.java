package io.tandem.sip.uri;

import io.tandem.sip.CharClass;
import io.tandem.sip.Parameters;
import io.tandem.sip.SipParseException;
import java.util.Arrays;

/**
 * SIP-URI / SIPS-URI (RFC 3261 §19.1.1, §25.1), scanned in one pass over the bytes:
 * <pre>
 * SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 * userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
 * </pre>
 * The component checkers are also used to validate values given to the {@link SipUri} builders.
 */
final class SipUriParser {
    static final String WHERE = "sip URI";

    private SipUriParser() {
    }

    /** Parses [start,end); {@code colon} is the index of the ':' after the scheme. */
    static SipUri parse(byte[] b, int start, int end, int colon, boolean secure) {
        int p = colon + 1;
        // No '@' may appear outside userinfo (params and headers must escape it), so the first
        // '@' ends the userinfo, even if ';' or '?' come before it (user-unreserved, §25.1).
        int at = -1;
        for (int i = p; i < end; i++) {
            if (b[i] == '@') {
                at = i;
                break;
            }
        }
        String user = null;
        String password = null;
        if (at >= 0) {
            int pw = -1;
            for (int i = p; i < at; i++) {
                if (b[i] == ':') {
                    pw = i;
                    break;
                }
            }
            int ue = pw < 0 ? at : pw;
            checkUser(b, p, ue, start);
            user = UriParser.ascii(b, p, ue);
            if (pw >= 0) {
                checkPassword(b, pw + 1, at, start);
                password = UriParser.ascii(b, pw + 1, at);
            }
            p = at + 1;
        }
        int hs = p;
        int he = hostEnd(b, hs, end, start);
        int port = -1;
        int kind;
        p = he;
        if (p < end && b[p] == ':') {
            int ps = p + 1;
            int pe = ps;
            boolean colons = false;
            while (pe < end && b[pe] != ';' && b[pe] != '?') {
                colons |= b[pe] == ':';
                pe++;
            }
            if (colons && looksLikeBareIPv6(b, hs, pe)) {
                throw new SipParseException(WHERE, "IPv6 address must be enclosed in '[' ']'", hs - start);
            }
            kind = Hosts.check(b, hs, he, WHERE, start);
            port = port(b, ps, pe, start);
            p = pe;
        } else {
            kind = Hosts.check(b, hs, he, WHERE, start);
            if (p < end && b[p] != ';' && b[p] != '?') {
                throw new SipParseException(WHERE, "invalid character " + UriParser.show(b[p]) + " after host", p - start);
            }
        }
        String host = UriParser.ascii(b, hs, he);
        // uri-parameters = *( ";" uri-parameter ); uri-parameter = pname [ "=" pvalue ]
        Parameters params = Parameters.EMPTY;
        if (p < end && b[p] == ';') {
            String[] nv = new String[8];
            int n = 0;
            while (p < end && b[p] == ';') {
                int ns = ++p;
                p = paramChars(b, p, end, start);
                if (p == ns && (p == end || b[p] == ';' || b[p] == '?' || b[p] == '=')) {
                    throw new SipParseException(WHERE, "empty parameter name", p - start);
                }
                String name = UriParser.ascii(b, ns, p);
                String value = null;
                if (p < end && b[p] == '=') {
                    int vs = ++p;
                    p = paramChars(b, p, end, start);
                    if (p == vs && (p == end || b[p] == ';' || b[p] == '?')) {
                        throw new SipParseException(WHERE, "empty value of parameter " + name, p - start);
                    }
                    value = UriParser.ascii(b, vs, p);
                }
                if (p < end && b[p] != ';' && b[p] != '?') {
                    throw new SipParseException(WHERE, "invalid character " + UriParser.show(b[p]) + " in parameter "
                        + (name.isEmpty() ? "name" : name), p - start);
                }
                checkParamValue(name, value, ns - start);
                if (n == nv.length) {
                    nv = Arrays.copyOf(nv, n * 2);
                }
                nv[n++] = name;
                nv[n++] = value;
            }
            params = Parameters.of(n == nv.length ? nv : Arrays.copyOf(nv, n));
        }
        String headers = null;
        if (p < end) { // must be '?': the loops above stop only there
            checkHeaders(b, p + 1, end, start);
            headers = UriParser.ascii(b, p + 1, end);
        }
        String text = UriParser.ascii(b, start, end);
        return new SipUri(text, secure, user, password, host, kind, port, params, headers);
    }

    /** End of the host: after ']' of an IPv6 reference, else at the first ':', ';' or '?'. */
    private static int hostEnd(byte[] b, int hs, int end, int base) {
        if (hs < end && b[hs] == '[') {
            for (int i = hs + 1; i < end; i++) {
                if (b[i] == ']') {
                    return i + 1;
                }
            }
            throw new SipParseException(WHERE, "unterminated IPv6 reference", hs - base);
        }
        int i = hs; // Hosts.check reports any byte that is not a host character
        while (i < end && b[i] != ':' && b[i] != ';' && b[i] != '?') {
            i++;
        }
        return i;
    }

    /** host ":" rest where both are hex digits, ':' and '.': an IPv6 address without brackets (RFC 5118 §4.2). */
    private static boolean looksLikeBareIPv6(byte[] b, int s, int e) {
        if (s < e && b[s] == '[') {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (b[i] != ':' && b[i] != '.' && Escapes.hex(b[i]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** port = 1*DIGIT, at most 65535. */
    static int port(byte[] b, int s, int e, int base) {
        if (s == e) {
            throw new SipParseException(WHERE, "empty port", s - base);
        }
        int v = 0;
        for (int i = s; i < e; i++) {
            if (!CharClass.isDigit(b[i])) {
                throw new SipParseException(WHERE, "port is not a number", s - base);
            }
            v = v * 10 + (b[i] - '0');
            if (v > 65535) {
                throw new SipParseException(WHERE, "port out of range", s - base);
            }
        }
        return v;
    }

    /** user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = &amp; = + $ , ; ? / */
    static void checkUser(byte[] b, int s, int e, int base) {
        if (s == e) {
            throw new SipParseException(WHERE, "empty user part", s - base);
        }
        for (int i = s; i < e; i++) {
            int c = b[i] & 0xff;
            if (CharClass.isUnreserved(c) || CharClass.isUserUnreserved(c)) {
                continue;
            }
            if (c == '%') {
                if (!Escapes.validAt(b, i, e)) {
                    throw new SipParseException(WHERE, "invalid escape sequence in user part", i - base);
                }
                i += 2;
            } else if (c == ' ') {
                throw new SipParseException(WHERE, "unescaped space in user part", i - base);
            } else {
                throw new SipParseException(WHERE, "invalid character " + UriParser.show(c) + " in user part", i - base);
            }
        }
    }

    /** password = *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," ) */
    static void checkPassword(byte[] b, int s, int e, int base) {
        for (int i = s; i < e; i++) {
            int c = b[i] & 0xff;
            if (CharClass.isUnreserved(c) || c == '&' || c == '=' || c == '+' || c == '$' || c == ',') {
                continue;
            }
            if (c == '%' && Escapes.validAt(b, i, e)) {
                i += 2;
            } else {
                throw new SipParseException(WHERE, c == '%' ? "invalid escape sequence in password"
                    : "invalid character " + UriParser.show(c) + " in password", i - base);
            }
        }
    }

    /** Scans paramchar = param-unreserved / unreserved / escaped; returns the first other index. */
    static int paramChars(byte[] b, int i, int end, int base) {
        while (i < end) {
            int c = b[i] & 0xff;
            if (CharClass.isUnreserved(c) || CharClass.isParamUnreserved(c)) {
                i++;
            } else if (c == '%') {
                if (!Escapes.validAt(b, i, end)) {
                    throw new SipParseException(WHERE, "invalid escape sequence in parameter", i - base);
                }
                i += 3;
            } else {
                break;
            }
        }
        return i;
    }

    /** Value rules of specific parameters: ttl-param = "ttl=" ttl; ttl = 1*3DIGIT (0-255). */
    static void checkParamValue(String name, String value, int offset) {
        if (name.length() == 3 && name.equalsIgnoreCase("ttl")) {
            if (value == null || value.length() > 3 || !digits(value) || Integer.parseInt(value) > 255) {
                throw new SipParseException(WHERE, "ttl is not a number from 0 to 255", offset);
            }
        }
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!CharClass.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /**
     * headers = header *( "&amp;" header ); header = hname "=" hvalue;
     * hname = 1*( hnv-unreserved / unreserved / escaped ); hvalue = *( same ).
     */
    static void checkHeaders(byte[] b, int s, int end, int base) {
        int p = s;
        while (true) {
            int ns = p;
            p = hnvChars(b, p, end, base);
            if (p == ns) {
                throw new SipParseException(WHERE, p < end && b[p] != '=' && b[p] != '&'
                    ? "invalid character " + UriParser.show(b[p]) + " in headers" : "empty header name", p - base);
            }
            if (p == end || b[p] != '=') {
                throw new SipParseException(WHERE, p == end || b[p] == '&'
                    ? "header " + UriParser.ascii(b, ns, p) + " has no '='"
                    : "invalid character " + UriParser.show(b[p]) + " in headers", p - base);
            }
            p = hnvChars(b, p + 1, end, base);
            if (p == end) {
                return;
            }
            if (b[p] != '&') {
                throw new SipParseException(WHERE, "invalid character " + UriParser.show(b[p]) + " in headers", p - base);
            }
            p++;
        }
    }

    private static int hnvChars(byte[] b, int i, int end, int base) {
        while (i < end) {
            int c = b[i] & 0xff;
            if (CharClass.isUnreserved(c) || CharClass.isHnvUnreserved(c)) {
                i++;
            } else if (c == '%') {
                if (!Escapes.validAt(b, i, end)) {
                    throw new SipParseException(WHERE, "invalid escape sequence in headers", i - base);
                }
                i += 3;
            } else {
                break;
            }
        }
        return i;
    }
}
