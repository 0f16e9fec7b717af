package io.tandem.sip.auth;

import io.tandem.sip.SipParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A challenge of a scheme other than Digest (RFC 3261 §25.1 {@code other-challenge}), with its
 * auth-params in order, or a {@code token68} (RFC 7235 §2.1; null when absent).
 */
public record OtherChallenge(String scheme, String token68, List<AuthParam> params) implements Challenge {
    public OtherChallenge {
        params = check(scheme, token68, params);
    }

    public static OtherChallenge parse(String value) {
        return from(AuthParser.parse(value, "challenge"));
    }

    public static OtherChallenge parse(byte[] b, int start, int end) {
        return from(AuthParser.parse(b, start, end, "challenge"));
    }

    static OtherChallenge from(AuthParser.Parsed p) {
        if (p.isDigest()) {
            throw new SipParseException(p.where(), "expected a scheme other than Digest", 0);
        }
        return new OtherChallenge(p.scheme(), p.token68(), params(p));
    }

    /** The value of the first parameter with this name (case-insensitive), or null. */
    public String param(String name) {
        return find(params, name);
    }

    @Override
    public String toString() {
        return render(scheme, token68, params);
    }

    static List<AuthParam> check(String scheme, String token68, List<AuthParam> params) {
        AuthText.requireToken("scheme", scheme);
        if (scheme.equalsIgnoreCase("Digest")) {
            throw new IllegalArgumentException("Digest has its own type");
        }
        if (token68 != null && !AuthText.isToken68(token68)) {
            throw new IllegalArgumentException("not a token68: " + token68);
        }
        List<AuthParam> copy = params == null ? List.of() : List.copyOf(params);
        if (token68 != null && !copy.isEmpty()) {
            throw new IllegalArgumentException("token68 and auth-params are exclusive");
        }
        AuthText.requireDistinct(copy);
        return copy;
    }

    static List<AuthParam> params(AuthParser.Parsed p) {
        if (p.params().isEmpty()) {
            return List.of();
        }
        List<AuthParam> out = new ArrayList<>(p.params().size());
        for (AuthParser.Raw r : p.params()) {
            out.add(r.toParam());
        }
        return out;
    }

    static String find(List<AuthParam> params, String name) {
        for (AuthParam a : params) {
            if (a.name().equalsIgnoreCase(name)) {
                return a.value();
            }
        }
        return null;
    }

    static String render(String scheme, String token68, List<AuthParam> params) {
        StringBuilder sb = new StringBuilder(scheme);
        if (token68 != null) {
            sb.append(' ').append(token68);
        } else if (!params.isEmpty()) {
            sb.append(' ');
            AuthText.appendParams(sb, params);
        }
        return sb.toString();
    }

    /** Wraps a record-constructor complaint about parsed input as the codec's exception. */
    static SipParseException invalid(AuthParser.Parsed p, IllegalArgumentException e) {
        return new SipParseException(p.where(), e.getMessage(), -1);
    }
}
