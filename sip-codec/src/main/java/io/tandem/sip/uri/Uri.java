package io.tandem.sip.uri;

import java.nio.charset.StandardCharsets;

/**
 * A URI as it appears in a Request-URI, name-addr or addr-spec (RFC 3261 §19.1, §25.1):
 * {@link SipUri} for sip/sips, {@link TelUri} for tel (RFC 3966), {@link AbsoluteUri} for any
 * other scheme. Instances are immutable; {@link #toString()} gives the URI text (for a parsed
 * URI, exactly the text that was parsed).
 */
public sealed interface Uri permits SipUri, TelUri, AbsoluteUri {

    /** The scheme in lower case: "sip", "sips", "tel", or the other scheme as written, lower-cased. */
    String scheme();

    /** The URI text. */
    @Override
    String toString();

    /** Parses a whole string as a URI; throws {@link io.tandem.sip.SipParseException} if invalid. */
    static Uri parse(String text) {
        if (text == null) {
            throw new io.tandem.sip.SipParseException("URI", "null URI", -1);
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return UriParser.parse(b, 0, b.length);
    }
}
