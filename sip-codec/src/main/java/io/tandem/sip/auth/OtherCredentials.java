package io.tandem.sip.auth;

import io.tandem.sip.SipParseException;
import java.util.List;

/**
 * Credentials of a scheme other than Digest (RFC 3261 §25.1 {@code other-response}), e.g.
 * {@code NoOneKnowsThisScheme opaque-data=here} (RFC 4475 §3.3.7), or a {@code token68} form
 * such as {@code Bearer <token>} (RFC 7235 §2.1, RFC 8898). At most one of token68 and params
 * is non-empty; token68 is null when absent.
 */
public record OtherCredentials(String scheme, String token68, List<AuthParam> params) implements Credentials {
    public OtherCredentials {
        params = OtherChallenge.check(scheme, token68, params);
    }

    public static OtherCredentials parse(String value) {
        return from(AuthParser.parse(value, "credentials"));
    }

    public static OtherCredentials parse(byte[] b, int start, int end) {
        return from(AuthParser.parse(b, start, end, "credentials"));
    }

    static OtherCredentials from(AuthParser.Parsed p) {
        if (p.isDigest()) {
            throw new SipParseException(p.where(), "expected a scheme other than Digest", 0);
        }
        return new OtherCredentials(p.scheme(), p.token68(), OtherChallenge.params(p));
    }

    /** The value of the first parameter with this name (case-insensitive), or null. */
    public String param(String name) {
        return OtherChallenge.find(params, name);
    }

    @Override
    public String toString() {
        return OtherChallenge.render(scheme, token68, params);
    }
}
