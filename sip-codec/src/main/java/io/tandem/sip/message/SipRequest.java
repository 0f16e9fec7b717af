package io.tandem.sip.message;

import io.tandem.sip.SipMethod;
import io.tandem.sip.uri.Uri;
import io.tandem.sip.uri.UriParser;
import java.nio.charset.StandardCharsets;

/** A SIP request: Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1). */
public final class SipRequest extends SipMessage {
    private final SipMethod method;
    private final int uriStart;
    private final int uriEnd;
    private final int versionStart;
    private final int versionEnd;
    private Uri requestUri;

    SipRequest(byte[] src, byte[] startLineSrc, int lineStart, int headersStart, HeaderTable headers,
               byte[] sepSrc, int sepStart, int sepEnd, byte[] body, int bodyStart, int bodyLength,
               SipMethod method, int uriStart, int uriEnd, int versionStart, int versionEnd, Uri requestUri) {
        super(src, startLineSrc, lineStart, headersStart, headers, sepSrc, sepStart, sepEnd, body, bodyStart, bodyLength);
        this.method = method;
        this.uriStart = uriStart;
        this.uriEnd = uriEnd;
        this.versionStart = versionStart;
        this.versionEnd = versionEnd;
        this.requestUri = requestUri;
    }

    @Override
    public boolean isRequest() {
        return true;
    }

    @Override
    public SipRequest lean() {
        HeaderTable h = headers.withoutParsed();
        if (h == headers && requestUri == null) {
            return this;
        }
        return new SipRequest(src, startLineSrc, lineStart, headersStart, h, separatorSrc, separatorStart, separatorEnd,
            body, bodyStart, bodyLength, method, uriStart, uriEnd, versionStart, versionEnd, null);
    }

    public SipMethod method() {
        return method;
    }

    /** The Request-URI, parsed on first access (throws SipParseException if malformed). */
    public Uri requestUri() {
        Uri u = requestUri;
        if (u == null) {
            u = UriParser.parse(startLineSrc, uriStart, uriEnd);
            requestUri = u;
        }
        return u;
    }

    /** The Request-URI as written. */
    public String requestUriText() {
        return new String(startLineSrc, uriStart, uriEnd - uriStart, StandardCharsets.UTF_8);
    }

    /** Bytes of the Request-URI as written, without building it: for length guards. */
    public int requestUriLength() {
        return uriEnd - uriStart;
    }

    /** SIP-Version as written, e.g. "SIP/2.0". */
    public String version() {
        return new String(startLineSrc, versionStart, versionEnd - versionStart, StandardCharsets.US_ASCII);
    }

    /** Starts an edit; the result is a new message, this one is unchanged. */
    public RequestEditor edit() {
        return new RequestEditor(this);
    }

    Uri cachedUri() { return requestUri; }
    int uriStart() { return uriStart; }
    int uriEnd() { return uriEnd; }
}
