package io.tandem.sip.auth;

import io.tandem.sip.CharClass;
import io.tandem.sip.Lexer;
import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over a credentials or challenge value (RFC 3261 §25.1, RFC 7235 §2.1):
 * {@code auth-scheme [ LWS ( token68 / auth-param *(COMMA auth-param) ) ]}. Typed checks of
 * the Digest parameters happen in {@link DigestCredentials} and {@link DigestChallenge}.
 */
final class AuthParser {
    /** A parameter as read; {@code offset} is where its name starts, relative to the value. */
    record Raw(String name, String value, boolean quoted, int offset) {
        AuthParam toParam() {
            return new AuthParam(name, value, quoted);
        }
    }

    record Parsed(String scheme, String token68, List<Raw> params, String where) {
        SipParseException error(Raw at, String problem) {
            return new SipParseException(where, "parameter '" + at.name + "' " + problem, at.offset);
        }

        boolean isDigest() {
            return scheme.equalsIgnoreCase("Digest");
        }
    }

    private final Lexer lx;
    private final byte[] b;
    private final int start;
    private final int end;
    private final String where;

    private AuthParser(byte[] b, int start, int end, String where) {
        this.lx = new Lexer(b, start, end, where);
        this.b = b;
        this.start = start;
        this.end = end;
        this.where = where;
    }

    static Parsed parse(byte[] b, int start, int end, String where) {
        java.util.Objects.checkFromToIndex(start, end, b.length);
        return new AuthParser(b, start, end, where).run();
    }

    static Parsed parse(String s, String where) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, where);
    }

    private Parsed run() {
        lx.skipLws();
        if (lx.atEnd()) {
            throw lx.error("empty value");
        }
        if (!CharClass.isToken(lx.peek())) {
            throw lx.error("expected an auth scheme but found '" + (char) lx.peek() + "'");
        }
        String scheme = lx.token();
        int afterScheme = lx.pos();
        lx.skipLws();
        if (lx.atEnd()) {
            return new Parsed(scheme, null, List.of(), where);
        }
        if (lx.pos() == afterScheme) {
            throw lx.error("expected white space after the auth scheme but found '" + (char) lx.peek() + "'");
        }
        if (!scheme.equalsIgnoreCase("Digest")) {
            String t68 = token68();
            if (t68 != null) {
                return new Parsed(scheme, t68, List.of(), where);
            }
        }
        List<Raw> params = new ArrayList<>(12);
        while (true) {
            Raw p = param(params);
            params.add(p);
            lx.skipLws();
            if (lx.atEnd()) {
                return new Parsed(scheme, null, params, where);
            }
            if (lx.peek() != ',') {
                throw lx.error("expected ',' after parameter '" + p.name + "' but found '" + (char) lx.peek() + "'");
            }
            lx.next();
            lx.skipLws();
        }
    }

    /** token68 when it is the whole rest of the value (RFC 7235 §2.1), else null. */
    private String token68() {
        int s = lx.pos();
        int p = s;
        while (p < end && AuthText.isToken68Char(b[p] & 0xff)) {
            p++;
        }
        if (p == s) {
            return null;
        }
        while (p < end && b[p] == '=') {
            p++;
        }
        int q = p;
        while (q < end && (b[q] == ' ' || b[q] == '\t' || b[q] == '\r' || b[q] == '\n')) {
            q++;
        }
        if (q != end) {
            return null;
        }
        lx.pos(end);
        return lx.ascii(s, p);
    }

    private Raw param(List<Raw> seen) {
        int offset = lx.pos() - start;
        if (!CharClass.isToken(lx.peek())) {
            throw lx.error(lx.atEnd() ? "expected a parameter name but the value ended"
                    : "expected a parameter name but found '" + (char) lx.peek() + "'");
        }
        String name = lx.token();
        lx.skipLws();
        if (lx.peek() != '=') {
            throw lx.error("missing '=' after parameter '" + name + "'");
        }
        lx.next();
        lx.skipLws();
        String value;
        boolean quoted = lx.peek() == '"';
        if (quoted) {
            value = quoted(name);
        } else if (CharClass.isToken(lx.peek())) {
            value = lx.token();
        } else {
            throw lx.error("parameter '" + name + "' has no value (expected a token or quoted string)");
        }
        for (Raw r : seen) {
            if (r.name.equalsIgnoreCase(name)) {
                throw new SipParseException(where, "duplicate parameter '" + name + "'", offset);
            }
        }
        return new Raw(name, value, quoted, offset);
    }

    /**
     * quoted-string (RFC 3261 §25.1) with the cursor on the opening quote: qdtext is any byte but
     * CTLs (HTAB allowed), a CRLF fold followed by SP/HTAB is unfolded, quoted-pairs resolved.
     */
    private String quoted(String name) {
        int open = lx.pos();
        int s = open + 1;
        int p = s;
        boolean plain = true;
        while (p < end) {
            int c = b[p] & 0xff;
            if (c == '"') {
                lx.pos(p + 1);
                return plain ? lx.utf8(s, p) : unescape(s, p);
            }
            if (c == '\\') {
                if (p + 1 >= end) {
                    break;
                }
                if (AuthText.isCtl(b[p + 1] & 0xff)) {
                    throw new SipParseException(where, "parameter '" + name + "' has a control character in a quoted-pair", p + 1 - start);
                }
                plain = false;
                p += 2;
            } else if (c == '\r' && p + 2 < end && b[p + 1] == '\n' && (b[p + 2] == ' ' || b[p + 2] == '\t')) {
                plain = false;
                p += 3;
            } else if (AuthText.isCtl(c)) {
                throw new SipParseException(where, "parameter '" + name + "' has a control character in its quoted string", p - start);
            } else {
                p++;
            }
        }
        throw new SipParseException(where, "parameter '" + name + "' has an unterminated quoted string", open - start);
    }

    private String unescape(int s, int e) {
        byte[] out = new byte[e - s];
        int n = 0;
        for (int i = s; i < e; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '\r') {
                i++; // CR LF of a fold; the SP/HTAB after it stays
                continue;
            }
            out[n++] = b[i];
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
