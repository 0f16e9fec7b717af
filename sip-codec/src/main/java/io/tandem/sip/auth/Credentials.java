package io.tandem.sip.auth;

/**
 * The value of an Authorization or Proxy-Authorization header (RFC 3261 §20.7, §20.28, §25.1):
 * Digest credentials or those of any other scheme, which a server answers with 401/407 rather
 * than failing (RFC 4475 §3.3.7).
 */
public sealed interface Credentials permits DigestCredentials, OtherCredentials {
    /** The auth-scheme as written, e.g. {@code Digest}. */
    String scheme();

    /** Parses bytes [start, end) holding the header value. */
    static Credentials parse(byte[] b, int start, int end) {
        return from(AuthParser.parse(b, start, end, "credentials"));
    }

    static Credentials parse(String value) {
        return from(AuthParser.parse(value, "credentials"));
    }

    private static Credentials from(AuthParser.Parsed p) {
        return p.isDigest() ? DigestCredentials.from(p) : OtherCredentials.from(p);
    }
}
