package io.tandem.sip.uri;

import io.tandem.sip.CharClass;
import io.tandem.sip.Parameters;
import io.tandem.sip.SipParseException;
import java.util.Arrays;

/**
 * tel URI, RFC 3966 §3:
 * <pre>
 * telephone-subscriber = global-number / local-number
 * global-number = global-number-digits *par          ; "+" *phonedigit DIGIT *phonedigit
 * local-number  = local-number-digits *par context *par
 * par = parameter / extension / isdn-subaddress      ; ";" pname [ "=" pvalue ]
 * </pre>
 * Parameters may come in any order; ext, isub and phone-context may each appear once.
 */
final class TelUriParser {
    static final String WHERE = "tel URI";

    private TelUriParser() {
    }

    static TelUri parse(byte[] b, int start, int end, int colon) {
        int ns = colon + 1;
        if (ns == end || b[ns] == ';') {
            throw new SipParseException(WHERE, "empty telephone number", ns - start);
        }
        boolean global = b[ns] == '+';
        int p = number(b, global ? ns + 1 : ns, end, start, global);
        if (p < end && b[p] != ';') {
            throw new SipParseException(WHERE, "invalid character " + UriParser.show(b[p]) + " in telephone number", p - start);
        }
        String number = UriParser.ascii(b, ns, p);
        String[] nv = new String[4];
        int n = 0;
        boolean context = false;
        while (p < end) { // at ';'
            int ps = ++p;
            while (p < end && (CharClass.isAlphanum(b[p]) || b[p] == '-')) {
                p++;
            }
            if (p < end && b[p] != '=' && b[p] != ';') {
                throw new SipParseException(WHERE, "invalid character " + UriParser.show(b[p]) + " in parameter name", p - start);
            }
            if (p == ps) {
                throw new SipParseException(WHERE, "empty parameter name", p - start);
            }
            String name = UriParser.ascii(b, ps, p);
            String value = null;
            int kind = kind(name);
            if (p < end && b[p] == '=') {
                int vs = ++p;
                p = value(b, p, end, start, kind, name);
                value = UriParser.ascii(b, vs, p);
                checkValue(b, vs, p, start, kind, name);
            } else if (kind != OTHER) {
                throw new SipParseException(WHERE, "parameter " + name + " needs a value", p - start);
            }
            if (kind != OTHER) {
                for (int i = 0; i < n; i += 2) {
                    if (nv[i].equalsIgnoreCase(name)) {
                        throw new SipParseException(WHERE, "duplicate " + name + " parameter", ps - start);
                    }
                }
            }
            context |= kind == CONTEXT;
            if (n == nv.length) {
                nv = Arrays.copyOf(nv, n * 2);
            }
            nv[n++] = name;
            nv[n++] = value;
        }
        if (!global && !context) {
            throw new SipParseException(WHERE, "local number without phone-context", ns - start);
        }
        Parameters params = n == 0 ? Parameters.EMPTY : Parameters.of(n == nv.length ? nv : Arrays.copyOf(nv, n));
        return new TelUri(UriParser.ascii(b, start, end), number, global, params);
    }

    private static final int OTHER = 0;
    private static final int EXT = 1;
    private static final int ISUB = 2;
    private static final int CONTEXT = 3;

    private static int kind(String name) {
        if (name.equalsIgnoreCase("ext")) {
            return EXT;
        }
        if (name.equalsIgnoreCase("isub")) {
            return ISUB;
        }
        return name.equalsIgnoreCase("phone-context") ? CONTEXT : OTHER;
    }

    /**
     * Scans the digits after an optional '+': phonedigit = DIGIT / visual-separator for global
     * numbers, phonedigit-hex = HEXDIG / "*" / "#" / visual-separator for local ones ('#' may
     * also be written %23). Needs at least one digit.
     */
    static int number(byte[] b, int p, int end, int base, boolean global) {
        int digits = 0;
        while (p < end) {
            int c = b[p] & 0xff;
            if (CharClass.isDigit(c) || (!global && (Escapes.hex(c) >= 0 || c == '*' || c == '#'))) {
                digits++;
                p++;
            } else if (!global && c == '%' && p + 2 < end && b[p + 1] == '2' && (b[p + 2] == '3' || (b[p + 2] | 0x20) == 'a')) {
                digits++;
                p += 3;
            } else if (isSeparator(c)) {
                p++;
            } else {
                break;
            }
        }
        if (digits == 0) {
            throw new SipParseException(WHERE, global ? "global number without digits" : "local number without digits", p - base);
        }
        return p;
    }

    /** visual-separator = "-" / "." / "(" / ")" */
    static boolean isSeparator(int c) {
        return c == '-' || c == '.' || c == '(' || c == ')';
    }

    /** Scans a value up to ';' checking its characters; paramchar, or uric for isub. */
    private static int value(byte[] b, int p, int end, int base, int kind, String name) {
        int vs = p;
        while (p < end && b[p] != ';') {
            int c = b[p] & 0xff;
            if (c == '%') {
                if (!Escapes.validAt(b, p, end)) {
                    throw new SipParseException(WHERE, "invalid escape sequence in parameter " + name, p - base);
                }
                p += 3;
                continue;
            }
            boolean ok = CharClass.isUnreserved(c) || CharClass.isParamUnreserved(c) || (kind == ISUB && Escapes.isReserved(c));
            if (!ok) {
                throw new SipParseException(WHERE, "invalid character " + UriParser.show(c) + " in parameter " + name, p - base);
            }
            p++;
        }
        if (p == vs) {
            throw new SipParseException(WHERE, "empty value of parameter " + name, p - base);
        }
        return p;
    }

    /** extension = ";ext=" 1*phonedigit; context = ";phone-context=" ( domainname / global-number-digits ). */
    private static void checkValue(byte[] b, int s, int e, int base, int kind, String name) {
        if (kind == EXT) {
            if (!globalDigits(b, s, e)) {
                throw new SipParseException(WHERE, "ext is not a phone number", s - base);
            }
        } else if (kind == CONTEXT) {
            boolean ok = b[s] == '+' ? globalDigits(b, s + 1, e) : Hosts.isHostname(b, s, e);
            if (!ok) {
                throw new SipParseException(WHERE, "phone-context is neither a domain name nor a global number", s - base);
            }
        }
    }

    private static boolean globalDigits(byte[] b, int s, int e) {
        boolean digit = false;
        for (int i = s; i < e; i++) {
            if (CharClass.isDigit(b[i])) {
                digit = true;
            } else if (!isSeparator(b[i])) {
                return false;
            }
        }
        return digit;
    }
}
