package io.tandem.sip.header;

import io.tandem.sip.CharClass;
import io.tandem.sip.Lexer;

/** Reads host and port as they appear in sent-by and similar places (RFC 3261 §25.1, RFC 5118). */
final class HostPort {
    private HostPort() {
    }

    /** hostname / IPv4address / IPv6reference; returns it as written. */
    static String host(Lexer lx) {
        int s = lx.pos();
        if (lx.peek() == '[') {
            lx.next();
            while (!lx.atEnd() && (CharClass.isAlphanum(lx.peek()) || lx.peek() == ':' || lx.peek() == '.')) {
                lx.next();
            }
            if (lx.next() != ']') {
                throw lx.error("unterminated IPv6 reference in host");
            }
            if (lx.pos() - s < 4) {
                throw lx.error("empty IPv6 reference");
            }
            return lx.ascii(s, lx.pos());
        }
        while (!lx.atEnd() && (CharClass.isAlphanum(lx.peek()) || lx.peek() == '-' || lx.peek() == '.')) {
            lx.next();
        }
        if (lx.pos() == s) {
            throw lx.error(lx.atEnd() ? "missing host" : "invalid character '" + (char) lx.peek() + "' in host");
        }
        return lx.ascii(s, lx.pos());
    }

    /** port = 1*DIGIT, 0..65535. */
    static int port(Lexer lx) {
        int n = 0;
        int digits = 0;
        while (CharClass.isDigit(lx.peek())) {
            n = n * 10 + (lx.next() - '0');
            if (++digits > 5 || n > 65535) {
                throw lx.error("port out of range");
            }
        }
        if (digits == 0) {
            throw lx.error("port is not a number");
        }
        return n;
    }
}
