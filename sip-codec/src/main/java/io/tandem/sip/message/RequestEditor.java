package io.tandem.sip.message;

import io.tandem.sip.uri.Uri;
import java.nio.charset.StandardCharsets;

/** Edits of a request that a proxy makes when forwarding it (RFC 3261 §16.6). */
public final class RequestEditor extends HeaderEditor<RequestEditor> {
    private final SipRequest request;
    private Uri newUri;

    RequestEditor(SipRequest request) {
        super(request);
        this.request = request;
    }

    /** Rewrites the Request-URI (§16.6 step 2, §16.5). */
    public RequestEditor requestUri(Uri uri) {
        checkOpen();
        String text = uri.toString();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) <= ' ' || text.charAt(i) == 0x7f) {
                // Request-URI = SIP-URI / SIPS-URI / absoluteURI: no white space or controls (§25.1)
                throw new IllegalArgumentException("white space or control character in the Request-URI: " + text);
            }
        }
        this.newUri = uri;
        return this;
    }

    /** Sets Max-Forwards (§16.6 step 3). */
    public RequestEditor maxForwards(int value) {
        return set("Max-Forwards", Integer.toString(value));
    }

    /**
     * Decrements Max-Forwards, or adds it with 70 when absent (§16.6 step 3). The caller has
     * already answered 483 to a request with Max-Forwards 0 (§16.3 step 3). Reads the value as
     * this edit stands, so it sees an earlier {@link #maxForwards(int)}.
     */
    public RequestEditor decrementMaxForwards() {
        Long mf = (Long) current(HeaderName.MAX_FORWARDS, SipMessage.NUMBER);
        return maxForwards(mf == null ? 70 : (int) Math.max(0, mf - 1));
    }

    /** Removes the first Route value (§16.4, §16.12 loose routing). */
    public RequestEditor popRoute() {
        removeFirstValue("Route");
        return this;
    }

    public SipRequest build() {
        HeaderTable headers = finish();
        SipRequest r = request;
        if (newUri == null) {
            return new SipRequest(r.src, r.startLineSrc, r.lineStart, r.headersStart, headers, separator(),
                r.separatorStart, r.separatorEnd, body, bodyStart, bodyLength, r.method(), r.uriStart(), r.uriEnd(),
                r.uriEnd() + 1, lineEnd(r.startLineSrc, r.lineStart, r.headersStart), r.cachedUri());
        }
        String method = r.method().name();
        String uriText = newUri.toString();
        byte[] uri = uriText.getBytes(StandardCharsets.UTF_8);
        String version = r.version();
        byte[] line = (method + " " + uriText + " " + version + "\r\n").getBytes(StandardCharsets.UTF_8);
        int us = method.length() + 1;
        int ue = us + uri.length;
        return new SipRequest(r.src, line, 0, line.length, headers, separator(), r.separatorStart, r.separatorEnd,
            body, bodyStart, bodyLength, r.method(), us, ue, ue + 1, line.length - 2, newUri);
    }

    private static int lineEnd(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
            end--;
        }
        return end;
    }
}
