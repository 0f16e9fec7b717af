package io.tandem.sip.message;

import io.tandem.sip.CharClass;
import io.tandem.sip.SipMethod;
import io.tandem.sip.SipParseException;

/**
 * Parses a SIP message from bytes (RFC 3261 §7). One pass frames the start line and the header
 * lines (recording positions and header ids, creating no Strings); values are parsed when first
 * read. The bytes are not copied: the message keeps a reference to {@code b}, so the caller must
 * not reuse the array afterwards.
 *
 * <p>Datagram rules (§18.3): a Content-Length larger than what the datagram holds is an error;
 * octets after the body are ignored (RFC 4475 §3.1.1.8); no Content-Length means the body runs to
 * the end of the datagram. Empty lines before the start line are skipped (§7.5).
 */
public final class SipParser {
    private SipParser() {
    }

    /** Parses a whole array as one datagram. */
    public static SipMessage parse(byte[] b) {
        return parseDatagram(b, 0, b.length);
    }

    /** Parses the message in a UDP datagram {@code b[off, off+len)}. */
    public static SipMessage parseDatagram(byte[] b, int off, int len) {
        return parse(b, off, off + len, false);
    }

    /**
     * Parses one message framed from a byte stream by {@link StreamFramer}: {@code b[off, off+len)}
     * holds exactly the message, its body being Content-Length bytes (0 when absent).
     */
    public static SipMessage parseFrame(byte[] b, int off, int len) {
        return parse(b, off, off + len, true);
    }

    private static SipMessage parse(byte[] b, int off, int end, boolean stream) {
        if (off < 0 || end > b.length || off > end) {
            throw new SipParseException("message", "range outside the buffer", -1);
        }
        int p = off;
        while (p < end && (b[p] == '\r' || b[p] == '\n')) {
            p++;
        }
        if (p == end) {
            throw new SipParseException("message", "no start line (empty message)", p - off);
        }
        int lineStart = p;
        int lf = indexOfLf(b, p, end);
        if (lf < 0) {
            throw new SipParseException("Start-Line", "not terminated by CRLF", end - off);
        }
        int lineEnd = lf > p && b[lf - 1] == '\r' ? lf - 1 : lf;
        int headersStart = lf + 1;

        // Header lines.
        HeaderTable headers = new HeaderTable(b, 16);
        p = headersStart;
        int sepStart;
        while (true) {
            if (p >= end) {
                throw new SipParseException("message", "header section not terminated by an empty line", p - off);
            }
            if (b[p] == '\n' || (b[p] == '\r' && p + 1 < end && b[p + 1] == '\n')) {
                sepStart = p;
                p += b[p] == '\r' ? 2 : 1;
                break;
            }
            p = headerLine(b, p, end, off, headers);
        }
        int bodyStart = p;

        // Body framing by Content-Length (§18.3, §20.14).
        int clSlot = headers.find(HeaderName.CONTENT_LENGTH, 0);
        int available = end - bodyStart;
        int bodyLength;
        SipParseException deferred = null;
        if (clSlot >= 0) {
            long cl;
            try {
                cl = Numbers.parse(headers.src(clSlot), headers.get(clSlot, HeaderTable.VALUE), headers.get(clSlot, HeaderTable.VALUE_END), "Content-Length");
            } catch (SipParseException e) {
                cl = -1;
                // the value parser counts from the value; report from the message start like the rest
                int at = headers.get(clSlot, HeaderTable.VALUE) - off + Math.max(0, e.offset());
                deferred = new SipParseException(e.where(), e.problem(), at);
            }
            if (cl > available) {
                deferred = new SipParseException("Content-Length", cl + " is larger than the " + available + " bytes of body " + (stream ? "in the frame" : "in the datagram"), bodyStart - off);
            }
            bodyLength = cl < 0 || cl > available ? available : (int) cl;
        } else {
            bodyLength = available;
        }

        SipMessage m;
        try {
            m = startLine(b, lineStart, lineEnd, headersStart, headers, sepStart, bodyStart, bodyLength, off);
        } catch (StartLineException e) {
            if (e.partial != null) {
                throw new SipParseException(e.cause.where(), e.cause.problem(), e.cause.offset(), e.partial);
            }
            throw e.cause;
        }
        if (deferred != null) {
            throw new SipParseException(deferred.where(), deferred.problem(), deferred.offset(), m);
        }
        return m;
    }

    /** A byte for an error message; control characters as hex, so the message stays one printable line. */
    private static String show(byte c) {
        int v = c & 0xff;
        return v < 0x20 || v >= 0x7f ? String.format("byte 0x%02X", v) : "'" + (char) v + "'";
    }

    private static int indexOfLf(byte[] b, int p, int end) {
        for (int i = p; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Frames one header line (with its folded continuations) starting at p; returns the next line's start. */
    private static int headerLine(byte[] b, int p, int end, int off, HeaderTable headers) {
        int line = p;
        while (p < end && CharClass.isToken(b[p])) {
            p++;
        }
        int nameEnd = p;
        if (nameEnd == line) {
            if (b[p] == '\r' && p + 1 == end) {
                // a CR that may have been the start of the empty line, and then the datagram ends
                throw new SipParseException("message", "header section not terminated by an empty line", end - off);
            }
            String found = b[p] == ' ' || b[p] == '\t' ? "white space at the start of a header line" : show(b[p]);
            throw new SipParseException("header", "expected a header name but found " + found, p - off);
        }
        while (p < end && CharClass.isWsp(b[p])) {
            p++;
        }
        if (p >= end || b[p] != ':') {
            throw new SipParseException("header " + new String(b, line, nameEnd - line, java.nio.charset.StandardCharsets.ISO_8859_1), "expected ':' after the header name", p - off);
        }
        p++;
        // Value: to the end of the line, continuing over folded lines (§7.3.1). HCOLON ends with
        // SWS, which may hold a fold: "Subject:CRLF SP text" has the value "text" (§25.1).
        while (p < end) {
            if (CharClass.isWsp(b[p])) {
                p++;
            } else if (b[p] == '\n' && p + 1 < end && CharClass.isWsp(b[p + 1])) {
                p += 2;
            } else if (b[p] == '\r' && p + 2 < end && b[p + 1] == '\n' && CharClass.isWsp(b[p + 2])) {
                p += 3;
            } else {
                break;
            }
        }
        int value = p;
        int valueEnd;
        while (true) {
            int lf = indexOfLf(b, p, end);
            if (lf < 0) {
                throw new SipParseException("header " + new String(b, line, nameEnd - line, java.nio.charset.StandardCharsets.ISO_8859_1), "line not terminated by CRLF", end - off);
            }
            p = lf + 1;
            if (p < end && CharClass.isWsp(b[p])) {
                continue; // folded continuation line
            }
            valueEnd = lf;
            break;
        }
        while (valueEnd > value && (b[valueEnd - 1] == '\r' || b[valueEnd - 1] == '\n' || CharClass.isWsp(b[valueEnd - 1]))) {
            valueEnd--;
        }
        headers.add(line, nameEnd, value, valueEnd, p, HeaderName.lookup(b, line, nameEnd));
        return p;
    }

    /** A start line that failed, with the message as far as it could be built. */
    private static final class StartLineException extends RuntimeException {
        final SipParseException cause;
        final SipMessage partial;

        StartLineException(SipParseException cause, SipMessage partial) {
            super(null, null, false, false);
            this.cause = cause;
            this.partial = partial;
        }
    }

    private static SipMessage startLine(byte[] b, int s, int e, int headersStart, HeaderTable h, int sepStart,
                                        int bodyStart, int bodyLength, int off) {
        if (e - s >= 4 && (b[s] | 0x20) == 's' && (b[s + 1] | 0x20) == 'i' && (b[s + 2] | 0x20) == 'p' && b[s + 3] == '/') {
            return statusLine(b, s, e, headersStart, h, sepStart, bodyStart, bodyLength, off);
        }
        // Request-Line = Method SP Request-URI SP SIP-Version CRLF: exactly one SP between elements.
        int p = s;
        while (p < e && CharClass.isToken(b[p])) {
            p++;
        }
        if (p == s) {
            throw new StartLineException(new SipParseException("Request-Line", "expected a method token", s - off), null);
        }
        SipMethod method = SipMethod.of(b, s, p);
        int sp1 = p;
        int sp2 = -1;
        for (int i = e - 1; i > sp1; i--) {
            if (b[i] == ' ') {
                sp2 = i;
                break;
            }
        }
        SipParseException problem = null;
        if (sp1 >= e || b[sp1] != ' ') {
            problem = new SipParseException("Request-Line", "expected SP after the method", sp1 - off);
        } else if (sp2 < 0) {
            problem = new SipParseException("Request-Line", "expected SP between Request-URI and SIP-Version", e - off);
        }
        int uriStart = sp1 + 1;
        int uriEnd = sp2 < 0 ? e : sp2;
        if (problem == null) {
            problem = checkRequestUri(b, uriStart, uriEnd, off);
        }
        if (problem == null) {
            problem = checkVersion(b, sp2 + 1, e, off, "Request-Line");
        }
        SipRequest r = new SipRequest(b, b, s, headersStart, h, b, sepStart, bodyStart, b, bodyStart, bodyLength,
            method, uriStart, Math.max(uriStart, uriEnd), sp2 < 0 ? e : sp2 + 1, e, null);
        if (problem != null) {
            throw new StartLineException(problem, r);
        }
        return r;
    }

    private static SipParseException checkRequestUri(byte[] b, int s, int e, int off) {
        if (s >= e) {
            return new SipParseException("Request-Line", "empty Request-URI (more than one SP after the method?)", s - off);
        }
        for (int i = s; i < e; i++) {
            int c = b[i] & 0xff;
            if (c <= ' ' || c == 0x7f) {
                return new SipParseException("Request-Line", "white space or control character inside the Request-URI", i - off);
            }
        }
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" (§25.1); rejects "<sip:...>" (RFC 4475 §3.1.2.7).
        int c0 = b[s] | 0x20;
        if (c0 < 'a' || c0 > 'z') {
            return new SipParseException("Request-Line", "Request-URI does not start with a URI scheme", s - off);
        }
        return null;
    }

    private static SipParseException checkVersion(byte[] b, int s, int e, int off, String where) {
        // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (case-insensitive "SIP", §7.1)
        int p = s;
        if (e - s < 7 || (b[p] | 0x20) != 's' || (b[p + 1] | 0x20) != 'i' || (b[p + 2] | 0x20) != 'p' || b[p + 3] != '/') {
            return new SipParseException(where, "malformed SIP-Version", s - off);
        }
        p += 4;
        int d = p;
        while (p < e && CharClass.isDigit(b[p])) {
            p++;
        }
        if (p == d || p >= e || b[p] != '.') {
            return new SipParseException(where, "malformed SIP-Version", s - off);
        }
        d = ++p;
        while (p < e && CharClass.isDigit(b[p])) {
            p++;
        }
        if (p == d || p != e) {
            return new SipParseException(where, p == d ? "malformed SIP-Version" : "unexpected characters after SIP-Version", p - off);
        }
        return null;
    }

    private static SipMessage statusLine(byte[] b, int s, int e, int headersStart, HeaderTable h, int sepStart,
                                         int bodyStart, int bodyLength, int off) {
        int sp = s;
        while (sp < e && b[sp] != ' ') {
            sp++;
        }
        SipParseException v = checkVersion(b, s, sp, off, "Status-Line");
        if (v != null) {
            throw new StartLineException(v, null);
        }
        if (sp >= e) {
            throw new StartLineException(new SipParseException("Status-Line", "missing Status-Code", sp - off), null);
        }
        int p = sp + 1;
        int status = 0;
        int digits = 0;
        while (p < e && CharClass.isDigit(b[p])) {
            if (++digits > 3) {
                throw new StartLineException(new SipParseException("Status-Line", "Status-Code has more than 3 digits", p - off), null);
            }
            status = status * 10 + (b[p++] - '0');
        }
        if (digits != 3 || status < 100 || status > 699) {
            throw new StartLineException(new SipParseException("Status-Line", "Status-Code must be 3 digits from 100 to 699", sp + 1 - off), null);
        }
        int reasonStart;
        if (p == e) {
            reasonStart = e; // tolerate a missing SP before an empty Reason-Phrase
        } else if (b[p] == ' ') {
            reasonStart = p + 1;
        } else {
            throw new StartLineException(new SipParseException("Status-Line", "expected SP after the Status-Code", p - off), null);
        }
        for (int i = reasonStart; i < e; i++) {
            int c = b[i] & 0xff;
            if (c < ' ' && c != '\t') {
                throw new StartLineException(new SipParseException("Status-Line", "control character in the Reason-Phrase", i - off), null);
            }
        }
        return new SipResponse(b, b, s, headersStart, h, b, sepStart, bodyStart, b, bodyStart, bodyLength, status, sp, reasonStart, e);
    }
}
