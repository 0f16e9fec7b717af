package io.tandem.sip.message;

import io.tandem.sip.header.NameAddress;
import java.nio.charset.StandardCharsets;

/** Edits of a response: status line, To tag, headers and body. */
public final class ResponseEditor extends HeaderEditor<ResponseEditor> {
    private final SipResponse response;
    private int status;
    private String reason;
    private boolean statusChanged;

    ResponseEditor(SipResponse response) {
        super(response);
        this.response = response;
        this.status = response.status();
    }

    /** Changes the status line; a null reason phrase writes an empty one (allowed by §25.1). */
    public ResponseEditor status(int code, String reasonPhrase) {
        checkOpen();
        if (code < 100 || code > 699) {
            throw new IllegalArgumentException("status code out of range: " + code);
        }
        this.status = code;
        this.reason = checkReason(reasonPhrase);
        this.statusChanged = true;
        return this;
    }

    /**
     * Adds a tag to the To header if it has none (RFC 3261 §8.2.6.2). Reads To as this edit
     * stands, so a To set earlier in the same edit is the one tagged (or kept if it has a tag).
     */
    public ResponseEditor toTag(String tag) {
        checkOpen();
        checkTag(tag);
        NameAddress to = (NameAddress) current(HeaderName.TO, SipMessage.NAME_ADDR);
        if (to != null && to.tag() == null) {
            setLine("To", rendered("To", to.withTag(tag).toString()));
        }
        return this;
    }

    /** tag-param = "tag" EQUAL token (§25.1). */
    private static void checkTag(String tag) {
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("empty tag");
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c > 127 || !io.tandem.sip.CharClass.isToken(c)) {
                throw new IllegalArgumentException("tag is not a token: " + tag);
            }
        }
    }

    public SipResponse build() {
        HeaderTable headers = finish();
        SipResponse r = response;
        if (!statusChanged) {
            return new SipResponse(r.src, r.startLineSrc, r.lineStart, r.headersStart, headers, separator(),
                r.separatorStart, r.separatorEnd, body, bodyStart, bodyLength, r.status(),
                r.versionEnd(), r.reasonStart(), r.reasonEnd());
        }
        return create(r.src, headers, separator(), r.separatorStart, r.separatorEnd, body, bodyStart, bodyLength, status, reason);
    }

    private static SipResponse create(byte[] src, HeaderTable headers, byte[] sep, int sepStart, int sepEnd,
                                      byte[] body, int bodyStart, int bodyLength, int status, String reason) {
        byte[] line = ("SIP/2.0 " + status + " " + reason + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new SipResponse(src, line, 0, line.length, headers, sep, sepStart, sepEnd, body, bodyStart, bodyLength,
            status, 7, 12, line.length - 2);
    }

    /** Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB) (§25.1). */
    private static String checkReason(String reason) {
        if (reason == null) {
            return "";
        }
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("control character in the Reason-Phrase");
            }
        }
        return reason;
    }

    private static final byte[] CONTENT_LENGTH_0 = "Content-Length: 0".getBytes(StandardCharsets.US_ASCII);

    /** RFC 3261 §8.2.6.2: copy Via, From, To, Call-ID, CSeq lines as written; Content-Length 0. */
    static SipResponse forRequest(SipRequest req, int status, String reason) {
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("status code out of range: " + status);
        }
        reason = checkReason(reason);
        HeaderTable src = req.headers;
        HeaderTable h = new HeaderTable(src.src, 8);
        h.srcs = new byte[8][];
        for (int i = 0; i < src.count; i++) {
            int id = src.id(i);
            if (id == HeaderName.VIA || id == HeaderName.FROM || id == HeaderName.TO || id == HeaderName.CALL_ID
                    || id == HeaderName.CSEQ) {
                h.add(src.get(i, HeaderTable.LINE), src.get(i, HeaderTable.NAME_END), src.get(i, HeaderTable.VALUE),
                    src.get(i, HeaderTable.VALUE_END), src.get(i, HeaderTable.TERM_END), id);
                if (h.srcs.length < h.count) {
                    h.srcs = java.util.Arrays.copyOf(h.srcs, h.pos.length / HeaderTable.W);
                }
                h.srcs[h.count - 1] = src.src(i);
                Object parsed = src.cached(i);
                if (parsed != null) {
                    h.cache(h.count - 1, parsed);
                }
            }
        }
        h.insertRaw(h.count, CONTENT_LENGTH_0, 0, 14, 16, CONTENT_LENGTH_0.length, CONTENT_LENGTH_0.length, HeaderName.CONTENT_LENGTH);
        return create(src.src, h, SipMessage.CRLF, 0, 2, SipMessage.CRLF, 0, 0, status, reason);
    }
}
