package io.tandem.sip.message;

import io.tandem.sip.SipParseException;
import io.tandem.sip.auth.Challenge;
import io.tandem.sip.auth.Credentials;
import io.tandem.sip.header.CSeq;
import io.tandem.sip.header.MediaType;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.TokenList;
import io.tandem.sip.header.Via;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A SIP request or response (RFC 3261 §7). Immutable: the bytes it was parsed from stay as they
 * were, header values are parsed on first access and cached, and edits ({@code edit()}) produce a
 * new message that shares the unchanged bytes. Serializing a message writes its original bytes for
 * everything that was not edited.
 *
 * <p>Typed accessors throw {@link SipParseException} when the header they read is malformed; a
 * server runs {@code io.tandem.sip.validate.RequestValidator} first to turn that into a 400.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    static final byte[] CRLF = {'\r', '\n'};

    final byte[] src;
    /** Start line as it is written, including its terminator: src[lineStart, headersStart). */
    final byte[] startLineSrc;
    final int lineStart;
    final int headersStart;
    final HeaderTable headers;
    /** The empty line ending the header section, as written (usually CRLF). */
    final byte[] separatorSrc;
    final int separatorStart;
    final int separatorEnd;
    final byte[] body;
    final int bodyStart;
    final int bodyLength;

    SipMessage(byte[] src, byte[] startLineSrc, int lineStart, int headersStart, HeaderTable headers,
               byte[] separatorSrc, int separatorStart, int separatorEnd, byte[] body, int bodyStart, int bodyLength) {
        this.src = src;
        this.startLineSrc = startLineSrc;
        this.lineStart = lineStart;
        this.headersStart = headersStart;
        this.headers = headers;
        this.separatorSrc = separatorSrc;
        this.separatorStart = separatorStart;
        this.separatorEnd = separatorEnd;
        this.body = body;
        this.bodyStart = bodyStart;
        this.bodyLength = bodyLength;
    }

    public abstract boolean isRequest();

    /**
     * The same message without the header values parsed so far (they are parsed again if asked
     * for): what a transaction keeps for the seconds it only absorbs retransmissions (RFC 3261
     * §17, timers D, J, K; RFC 6026 timers L and M), so that the parsed forms do not outlive the
     * processing of the message. Shares the bytes; cheap.
     */
    public abstract SipMessage lean();

    // ---------------------------------------------------------------- generic header access

    /** Number of header fields (lines), in order. */
    public int headerCount() {
        return headers.count;
    }

    /** Name of header field {@code i} as written (may be a compact form). */
    public String headerName(int i) {
        return headers.name(Objects.checkIndex(i, headers.count));
    }

    /** Value of header field {@code i}, with folded lines read as one space. */
    public String headerValue(int i) {
        return headers.value(Objects.checkIndex(i, headers.count));
    }

    /** Bytes of header field {@code i}'s value as written (folding included), without building it: for length guards. */
    public int headerValueLength(int i) {
        Objects.checkIndex(i, headers.count);
        return headers.get(i, HeaderTable.VALUE_END) - headers.get(i, HeaderTable.VALUE);
    }

    /**
     * Header field {@code i} exactly as it is written, from its name to its line terminator (folding
     * and white space kept; a line an edit created ends with CRLF): what a lossless copy carries.
     */
    public byte[] headerLine(int i) {
        Objects.checkIndex(i, headers.count);
        int line = headers.get(i, HeaderTable.LINE);
        int term = headers.get(i, HeaderTable.TERM_END);
        boolean created = term == headers.get(i, HeaderTable.VALUE_END);
        byte[] out = java.util.Arrays.copyOfRange(headers.src(i), line, term + (created ? 2 : 0));
        if (created) {
            out[out.length - 2] = CRLF[0];
            out[out.length - 1] = CRLF[1];
        }
        return out;
    }

    /** The start line exactly as written, its terminator included. */
    public byte[] startLine() {
        return startLineSrc == src ? java.util.Arrays.copyOfRange(src, lineStart, headersStart) : startLineSrc.clone();
    }

    /** The empty line that ends the header section, as written (usually CRLF). */
    public byte[] headerSeparator() {
        return java.util.Arrays.copyOfRange(separatorSrc, separatorStart, separatorEnd);
    }

    /** Canonical name of header field {@code i}: the long form for known headers, else as written. */
    public String headerCanonicalName(int i) {
        // the table has spare slots past count: an unchecked index would read a stale line
        int id = headers.id(Objects.checkIndex(i, headers.count));
        return id >= 0 ? HeaderName.canonical(id) : headers.name(i);
    }

    /** True if a header with this name (long or compact form, any case) is present. */
    public boolean hasHeader(String name) {
        return headers.find(name, 0) >= 0;
    }

    /** The value of the first header with this name, or null. */
    public String header(String name) {
        int i = headers.find(name, 0);
        return i < 0 ? null : headers.value(i);
    }

    /** The values of every header line with this name, in order (one entry per line). */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = headers.find(name, 0); i >= 0; i = headers.find(name, i + 1)) {
            out.add(headers.value(i));
        }
        return out;
    }

    /**
     * The values of every header with this name, with comma-separated lists split into their
     * elements (commas inside quotes or angle brackets do not split; RFC 3261 §7.3.1).
     */
    public List<String> headerValues(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = headers.find(name, 0); i >= 0; i = headers.find(name, i + 1)) {
            CommaSplitter.split(headers.value(i), out);
        }
        return out;
    }

    /** {@code headerValues(name).size()} without building the values. */
    public int headerValueCount(String name) {
        int n = 0;
        for (int i = headers.find(name, 0); i >= 0; i = headers.find(name, i + 1)) {
            n += CommaSplitter.count(headers.src(i), headers.get(i, HeaderTable.VALUE), headers.get(i, HeaderTable.VALUE_END));
        }
        return n;
    }

    /** Number of header lines with this name. */
    public int headerLines(String name) {
        int n = 0;
        for (int i = headers.find(name, 0); i >= 0; i = headers.find(name, i + 1)) {
            n++;
        }
        return n;
    }

    int headerLines(int id) {
        int n = 0;
        for (int i = headers.find(id, 0); i >= 0; i = headers.find(id, i + 1)) {
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- typed access

    @FunctionalInterface
    interface SlotParser {
        Object parse(byte[] b, int start, int end, String name);
    }

    /** The parsed value of slot {@code i}, cached. */
    @SuppressWarnings("unchecked")
    final <T> T parsed(int i, SlotParser p) {
        Object v = headers.cached(i);
        if (v == null) {
            int vs = headers.get(i, HeaderTable.VALUE);
            try {
                v = p.parse(headers.src(i), vs, headers.get(i, HeaderTable.VALUE_END), headerCanonicalName(i));
            } catch (SipParseException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SipParseException(headerCanonicalName(i), "invalid value: " + e, -1); // position unknown
            }
            headers.cache(i, v);
        }
        return (T) v;
    }

    private <T> T first(int id, SlotParser p) {
        int i = headers.find(id, 0);
        return i < 0 ? null : parsed(i, p);
    }

    private <T> List<T> all(int id, SlotParser p) {
        int i = headers.find(id, 0);
        if (i < 0) {
            return List.of();
        }
        int j = headers.find(id, i + 1);
        if (j < 0) {
            return parsed(i, p);
        }
        List<T> out = new ArrayList<>();
        for (; i >= 0; i = headers.find(id, i + 1)) {
            out.addAll(parsed(i, p));
        }
        return Collections.unmodifiableList(out);
    }

    private static final SlotParser VIA = (b, s, e, n) -> List.copyOf(Via.parseList(b, s, e));
    static final SlotParser NAME_ADDR = (b, s, e, n) -> NameAddress.parse(b, s, e, n);
    private static final SlotParser NAME_ADDR_LIST = (b, s, e, n) -> List.copyOf(NameAddress.parseList(b, s, e, n, false));
    private static final SlotParser CONTACT_LIST = (b, s, e, n) -> List.copyOf(NameAddress.parseList(b, s, e, n, true));
    private static final SlotParser CSEQ = (b, s, e, n) -> CSeq.parse(b, s, e);
    static final SlotParser NUMBER = (b, s, e, n) -> Numbers.parse(b, s, e, n);
    private static final SlotParser TOKENS = (b, s, e, n) -> List.copyOf(TokenList.parse(b, s, e, n));
    private static final SlotParser MEDIA_TYPE = (b, s, e, n) -> MediaType.parse(b, s, e, n);
    private static final SlotParser MEDIA_TYPES = (b, s, e, n) -> List.copyOf(MediaType.parseList(b, s, e, n));
    private static final SlotParser CALL_ID = (b, s, e, n) -> Numbers.callId(b, s, e);
    private static final SlotParser CREDENTIALS = (b, s, e, n) -> Credentials.parse(b, s, e);
    private static final SlotParser CHALLENGE = (b, s, e, n) -> Challenge.parse(b, s, e);

    /** The topmost Via (the first via-parm of the first Via line), or null. */
    public Via topVia() {
        List<Via> l = first(HeaderName.VIA, VIA);
        return l == null ? null : l.get(0);
    }

    /** Every via-parm, top first. */
    public List<Via> vias() {
        return all(HeaderName.VIA, VIA);
    }

    public NameAddress from() {
        return first(HeaderName.FROM, NAME_ADDR);
    }

    public NameAddress to() {
        return first(HeaderName.TO, NAME_ADDR);
    }

    /** Call-ID (RFC 3261 §20.8), or null. */
    public String callId() {
        return first(HeaderName.CALL_ID, CALL_ID);
    }

    public CSeq cseq() {
        return first(HeaderName.CSEQ, CSEQ);
    }

    /** Contact values in order; {@code Contact: *} gives a list holding {@link NameAddress#WILDCARD}. */
    public List<NameAddress> contacts() {
        return all(HeaderName.CONTACT, CONTACT_LIST);
    }

    public List<NameAddress> routes() {
        return all(HeaderName.ROUTE, NAME_ADDR_LIST);
    }

    public List<NameAddress> recordRoutes() {
        return all(HeaderName.RECORD_ROUTE, NAME_ADDR_LIST);
    }

    /** Path (RFC 3327). */
    public List<NameAddress> paths() {
        return all(HeaderName.PATH, NAME_ADDR_LIST);
    }

    /** Max-Forwards, or -1 when absent (RFC 3261 §20.22). */
    public int maxForwards() {
        Long v = first(HeaderName.MAX_FORWARDS, NUMBER);
        return v == null ? -1 : (int) Math.min(v, Integer.MAX_VALUE);
    }

    /** Expires in seconds, or -1 when absent (RFC 3261 §20.19). */
    public long expires() {
        Long v = first(HeaderName.EXPIRES, NUMBER);
        return v == null ? -1 : v;
    }

    /** Min-Expires in seconds, or -1 when absent. */
    public long minExpires() {
        Long v = first(HeaderName.MIN_EXPIRES, NUMBER);
        return v == null ? -1 : v;
    }

    /** Content-Length as written, or -1 when absent. */
    public long contentLength() {
        Long v = first(HeaderName.CONTENT_LENGTH, NUMBER);
        return v == null ? -1 : v;
    }

    public MediaType contentType() {
        return first(HeaderName.CONTENT_TYPE, MEDIA_TYPE);
    }

    public List<MediaType> accept() {
        return all(HeaderName.ACCEPT, MEDIA_TYPES);
    }

    public List<String> supported() {
        return all(HeaderName.SUPPORTED, TOKENS);
    }

    public List<String> require() {
        return all(HeaderName.REQUIRE, TOKENS);
    }

    public List<String> proxyRequire() {
        return all(HeaderName.PROXY_REQUIRE, TOKENS);
    }

    public List<String> unsupported() {
        return all(HeaderName.UNSUPPORTED, TOKENS);
    }

    public List<String> allow() {
        return all(HeaderName.ALLOW, TOKENS);
    }

    public List<Credentials> authorization() {
        return listOfEach(HeaderName.AUTHORIZATION, CREDENTIALS);
    }

    public List<Credentials> proxyAuthorization() {
        return listOfEach(HeaderName.PROXY_AUTHORIZATION, CREDENTIALS);
    }

    public List<Challenge> wwwAuthenticate() {
        return listOfEach(HeaderName.WWW_AUTHENTICATE, CHALLENGE);
    }

    public List<Challenge> proxyAuthenticate() {
        return listOfEach(HeaderName.PROXY_AUTHENTICATE, CHALLENGE);
    }

    public String userAgent() {
        int i = headers.find(HeaderName.USER_AGENT, 0);
        return i < 0 ? null : headers.value(i);
    }

    /** One value per header line (authorization headers are not comma lists of values). */
    private <T> List<T> listOfEach(int id, SlotParser p) {
        List<T> out = new ArrayList<>(1);
        for (int i = headers.find(id, 0); i >= 0; i = headers.find(id, i + 1)) {
            out.add(parsed(i, p));
        }
        return out;
    }

    // ---------------------------------------------------------------- body

    public int bodyLength() {
        return bodyLength;
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return java.util.Arrays.copyOfRange(body, bodyStart, bodyStart + bodyLength);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, bodyStart, bodyLength, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- serialization

    /** Bytes {@link #encode} writes. */
    public int encodedLength() {
        return startLineLength() + headers.encodedLength() + (separatorEnd - separatorStart) + bodyLength;
    }

    int startLineLength() {
        return startLineSrc == src ? headersStart - lineStart : startLineSrc.length;
    }

    /** Writes the message into {@code dst} at {@code off}; returns the offset after it. */
    public int encode(byte[] dst, int off) {
        if (startLineSrc == src) {
            System.arraycopy(src, lineStart, dst, off, headersStart - lineStart);
            off += headersStart - lineStart;
        } else {
            System.arraycopy(startLineSrc, 0, dst, off, startLineSrc.length);
            off += startLineSrc.length;
        }
        off = headers.encode(dst, off);
        System.arraycopy(separatorSrc, separatorStart, dst, off, separatorEnd - separatorStart);
        off += separatorEnd - separatorStart;
        System.arraycopy(body, bodyStart, dst, off, bodyLength);
        return off + bodyLength;
    }

    public byte[] toBytes() {
        byte[] out = new byte[encodedLength()];
        encode(out, 0);
        return out;
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
