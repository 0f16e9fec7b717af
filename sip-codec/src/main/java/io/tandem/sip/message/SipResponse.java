package io.tandem.sip.message;

import java.nio.charset.StandardCharsets;

/** A SIP response: Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (RFC 3261 §7.2). */
public final class SipResponse extends SipMessage {
    private final int status;
    private final int versionEnd;
    private final int reasonStart;
    private final int reasonEnd;

    SipResponse(byte[] src, byte[] startLineSrc, int lineStart, int headersStart, HeaderTable headers,
                byte[] sepSrc, int sepStart, int sepEnd, byte[] body, int bodyStart, int bodyLength,
                int status, int versionEnd, int reasonStart, int reasonEnd) {
        super(src, startLineSrc, lineStart, headersStart, headers, sepSrc, sepStart, sepEnd, body, bodyStart, bodyLength);
        this.status = status;
        this.versionEnd = versionEnd;
        this.reasonStart = reasonStart;
        this.reasonEnd = reasonEnd;
    }

    @Override
    public boolean isRequest() {
        return false;
    }

    @Override
    public SipResponse lean() {
        HeaderTable h = headers.withoutParsed();
        if (h == headers) {
            return this;
        }
        return new SipResponse(src, startLineSrc, lineStart, headersStart, h, separatorSrc, separatorStart, separatorEnd,
            body, bodyStart, bodyLength, status, versionEnd, reasonStart, reasonEnd);
    }

    public int status() {
        return status;
    }

    /** The Reason-Phrase as written (UTF-8, may be empty; RFC 3261 §25.1). */
    public String reason() {
        return new String(startLineSrc, reasonStart, reasonEnd - reasonStart, StandardCharsets.UTF_8);
    }

    public String version() {
        int vs = startLineSrc == src ? lineStart : 0;
        return new String(startLineSrc, vs, versionEnd - vs, StandardCharsets.US_ASCII);
    }

    /** 1xx. */
    public boolean isProvisional() {
        return status < 200;
    }

    /** 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    int versionEnd() { return versionEnd; }
    int reasonStart() { return reasonStart; }
    int reasonEnd() { return reasonEnd; }

    public ResponseEditor edit() {
        return new ResponseEditor(this);
    }

    /**
     * A response to {@code request} (RFC 3261 §8.2.6): Via, From, To, Call-ID and CSeq copied as
     * written (without re-rendering), Content-Length 0. Add a To tag with {@link ResponseEditor#toTag}.
     */
    public static SipResponse forRequest(SipRequest request, int status, String reason) {
        return ResponseEditor.forRequest(request, status, reason);
    }
}
