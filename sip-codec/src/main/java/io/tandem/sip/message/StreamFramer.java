package io.tandem.sip.message;

import io.tandem.sip.CharClass;
import io.tandem.sip.SipParseException;

/**
 * Cuts SIP messages out of a byte stream (TCP, TLS): a message is its header section up to the
 * empty line plus Content-Length bytes of body (RFC 3261 §18.3; absent Content-Length reads as 0).
 * CRLF keep-alives between messages are reported separately (RFC 5626 §3.5.1): a double CRLF is
 * a ping the server answers with a single CRLF, a single CRLF is a pong.
 *
 * <p>One instance per connection; it remembers how far it has searched so that a message arriving
 * in many pieces is scanned once. Call {@link #next} with the unread bytes (always starting at the
 * first unconsumed byte); after a result other than {@link Result#NEED_MORE}, consume
 * {@link #length()} bytes.
 */
public final class StreamFramer {
    public enum Result {
        /** No complete element yet. */
        NEED_MORE,
        /** A complete message of {@link #length()} bytes; parse it with {@link SipParser#parseFrame}. */
        MESSAGE,
        /** CRLFCRLF keep-alive ping: answer with CRLF. */
        PING,
        /** A lone CRLF (a keep-alive pong, or stray line break): ignore. */
        PONG
    }

    private final int maxMessageSize;
    private int searched;
    private int length;

    /** @param maxMessageSize largest accepted message, headers and body together */
    public StreamFramer(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Bytes to consume after the last result. */
    public int length() {
        return length;
    }

    /**
     * Looks for the next element in {@code b[off, off+len)}.
     *
     * @throws SipParseException when the header section exceeds the maximum size, or when its
     *     Content-Length is missing a valid value; the connection cannot be resynchronized then.
     */
    public Result next(byte[] b, int off, int len) {
        int end = off + len;
        length = 0;
        if (len == 0) {
            return Result.NEED_MORE;
        }
        if (b[off] == '\r' || b[off] == '\n') {
            return keepAlive(b, off, end);
        }
        // Find the empty line that ends the header section, resuming where the last call stopped.
        int from = Math.max(off, off + searched - 3);
        int headerEnd = -1;
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                if (i + 1 < end && b[i + 1] == '\n') {
                    headerEnd = i + 2;
                    break;
                }
                if (i + 2 < end && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    headerEnd = i + 3;
                    break;
                }
            }
        }
        if (headerEnd < 0) {
            searched = len;
            if (len > maxMessageSize) {
                throw new SipParseException("stream", "header section larger than " + maxMessageSize + " bytes", -1);
            }
            return Result.NEED_MORE;
        }
        long cl = contentLength(b, off, headerEnd);
        long total = (headerEnd - off) + cl;
        if (total > maxMessageSize) {
            throw new SipParseException("stream", "message of " + total + " bytes is larger than " + maxMessageSize, -1);
        }
        if (total > len) {
            searched = headerEnd - off;
            return Result.NEED_MORE;
        }
        searched = 0;
        length = (int) total;
        return Result.MESSAGE;
    }

    private Result keepAlive(byte[] b, int off, int end) {
        int n = end - off;
        if (n >= 4 && b[off] == '\r' && b[off + 1] == '\n' && b[off + 2] == '\r' && b[off + 3] == '\n') {
            length = 4;
            return Result.PING;
        }
        if (n >= 2 && b[off] == '\r' && b[off + 1] == '\n') {
            if (n == 2 || (n == 3 && b[off + 2] == '\r')) {
                return Result.NEED_MORE; // may be the start of a ping
            }
            length = 2;
            return Result.PONG;
        }
        if (b[off] == '\n') {
            length = 1;
            return Result.PONG;
        }
        if (n == 1) {
            return Result.NEED_MORE;
        }
        length = 1; // a lone CR
        return Result.PONG;
    }

    /** The value of Content-Length ("l") in the header section, 0 when absent. */
    static long contentLength(byte[] b, int s, int e) {
        int p = s;
        // skip the start line
        while (p < e && b[p] != '\n') {
            p++;
        }
        p++;
        while (p < e) {
            int line = p;
            int n = p;
            while (n < e && CharClass.isToken(b[n])) {
                n++;
            }
            if (isContentLength(b, line, n)) {
                int c = n;
                while (c < e && CharClass.isWsp(b[c])) {
                    c++;
                }
                if (c < e && b[c] == ':') {
                    c = skipSws(b, c + 1, e);
                    long v = 0;
                    int digits = 0;
                    while (c < e && CharClass.isDigit(b[c])) {
                        v = v * 10 + (b[c++] - '0');
                        if (++digits > 10) {
                            throw new SipParseException("Content-Length", "value too large", c - s);
                        }
                    }
                    if (digits == 0) {
                        throw new SipParseException("Content-Length", "not a number", c - s);
                    }
                    return v;
                }
            }
            while (p < e && b[p] != '\n') {
                p++;
            }
            p++;
        }
        return 0;
    }

    /** SWS after HCOLON, which may hold a line fold (RFC 3261 §25.1), as SipParser reads it. */
    private static int skipSws(byte[] b, int c, int e) {
        while (c < e) {
            if (CharClass.isWsp(b[c])) {
                c++;
            } else if (b[c] == '\n' && c + 1 < e && CharClass.isWsp(b[c + 1])) {
                c += 2;
            } else if (b[c] == '\r' && c + 2 < e && b[c + 1] == '\n' && CharClass.isWsp(b[c + 2])) {
                c += 3;
            } else {
                break;
            }
        }
        return c;
    }

    private static boolean isContentLength(byte[] b, int s, int e) {
        if (e - s == 1) {
            return (b[s] | 0x20) == 'l';
        }
        if (e - s != 14) {
            return false;
        }
        String n = "content-length";
        for (int i = 0; i < 14; i++) {
            if (CharClass.lower(b[s + i]) != n.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
