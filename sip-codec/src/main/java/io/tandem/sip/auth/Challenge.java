package io.tandem.sip.auth;

/**
 * The value of a WWW-Authenticate or Proxy-Authenticate header (RFC 3261 §20.27, §20.44,
 * §25.1): a Digest challenge or one of another scheme ({@code other-challenge}).
 */
public sealed interface Challenge permits DigestChallenge, OtherChallenge {
    /** The auth-scheme as written, e.g. {@code Digest}. */
    String scheme();

    /** Parses bytes [start, end) holding the header value. */
    static Challenge parse(byte[] b, int start, int end) {
        return from(AuthParser.parse(b, start, end, "challenge"));
    }

    static Challenge parse(String value) {
        return from(AuthParser.parse(value, "challenge"));
    }

    private static Challenge from(AuthParser.Parsed p) {
        return p.isDigest() ? DigestChallenge.from(p) : OtherChallenge.from(p);
    }
}
