package io.tandem.sip;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over a byte range holding SIP text (RFC 3261 §25.1 grammar). Header and URI parsers
 * use it to read tokens, quoted strings and separators without first making a String of the
 * whole value. Not thread-safe; one per parse.
 */
public final class Lexer {
    private final byte[] b;
    private final int start;
    private final int end;
    private final String what;
    private int pos;

    public Lexer(byte[] b, int start, int end, String what) {
        this.b = b;
        this.start = start;
        this.end = end;
        this.pos = start;
        this.what = what;
    }

    public static Lexer of(String s, String what) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return new Lexer(bytes, 0, bytes.length, what);
    }

    public byte[] bytes() { return b; }
    public int pos() { return pos; }
    public int end() { return end; }
    public void pos(int p) { pos = p; }
    public boolean atEnd() { return pos >= end; }
    public int peek() { return pos < end ? b[pos] & 0xff : -1; }
    public int peek(int ahead) { return pos + ahead < end ? b[pos + ahead] & 0xff : -1; }
    public int next() { return pos < end ? b[pos++] & 0xff : -1; }

    /** A parse error at the current position, naming the element being parsed. */
    public SipParseException error(String problem) {
        return new SipParseException(what, problem, pos - start);
    }

    /** A parse error at absolute position {@code at} of the byte array, naming the element being parsed. */
    public SipParseException errorAt(int at, String problem) {
        return new SipParseException(what, problem, at - start);
    }

    /** Skips linear white space: SP, HTAB and folded line breaks (CRLF followed by WSP). */
    public Lexer skipLws() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else {
                break;
            }
        }
        return this;
    }

    /** True if the next byte (after optional LWS) is {@code c}; consumes it and trailing LWS. */
    public boolean accept(char c) {
        int save = pos;
        skipLws();
        if (pos < end && b[pos] == c) {
            pos++;
            skipLws();
            return true;
        }
        pos = save;
        return false;
    }

    /** Consumes {@code c} with surrounding LWS or fails. */
    public void expect(char c) {
        if (!accept(c)) {
            throw error(atEnd() ? "expected '" + c + "' but the value ended" : "expected '" + c + "' but found '" + (char) peek() + "'");
        }
    }

    /** Reads a token (RFC 3261 §25.1); fails if there is none. */
    public String token() {
        int s = pos;
        while (pos < end && CharClass.isToken(b[pos])) {
            pos++;
        }
        if (pos == s) {
            throw error(atEnd() ? "expected a token but the value ended" : "expected a token but found '" + (char) peek() + "'");
        }
        return ascii(s, pos);
    }

    /** Reads bytes while they are in the given class; may be empty. */
    public String span(java.util.function.IntPredicate cls) {
        int s = pos;
        while (pos < end && cls.test(b[pos] & 0xff)) {
            pos++;
        }
        return utf8(s, pos);
    }

    /**
     * Reads a quoted-string (the cursor on the opening quote) and returns its content with
     * quoted-pairs resolved. Fails on an unterminated string.
     */
    public String quotedString() {
        if (peek() != '"') {
            throw error("expected a quoted string");
        }
        int s = ++pos;
        boolean escaped = false;
        while (pos < end) {
            byte c = b[pos];
            if (c == '\\') {
                if (pos + 1 >= end) {
                    break;
                }
                escaped = true;
                pos += 2;
                continue;
            }
            if (c == '"') {
                String content = escaped ? unescape(s, pos) : utf8(s, pos);
                pos++;
                return content;
            }
            pos++;
        }
        pos = s - 1;
        throw error("unterminated quoted string");
    }

    private String unescape(int s, int e) {
        byte[] out = new byte[e - s];
        int n = 0;
        for (int i = s; i < e; i++) {
            if (b[i] == '\\' && i + 1 < e) {
                i++;
            }
            out[n++] = b[i];
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Bytes [s, e) as a String, each byte one char (the ASCII fast path). */
    @SuppressWarnings("deprecation")
    public String ascii(int s, int e) {
        return new String(b, 0, s, e - s);
    }

    public String utf8(int s, int e) {
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
}
