package io.tandem.sip.auth;

import io.tandem.sip.SipParseException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Digest credentials (RFC 3261 §25.1 {@code digest-response}, RFC 7616 §3.4). String values are
 * unquoted; absent optional parameters are null. {@code algorithmName} is the token as sent
 * (null if absent); {@code nc} the 8 hex digits as sent, since they enter the hash verbatim.
 * {@code params} holds unknown parameters in order. A {@code username*} (RFC 7616 §3.4.4,
 * RFC 8187) is decoded into {@code username} and rendered back as a quoted {@code username}.
 *
 * <p>Required: username, realm, nonce, response, and cnonce and nc with qop (RFC 2617 §3.2.2).
 * {@code uri} may be absent, as in the RFC 3261 §20.7 example; such credentials never verify.
 *
 * @throws IllegalArgumentException when a required parameter is missing or a value is malformed
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
        String algorithmName, String cnonce, String opaque, String qop, String nc, boolean userhash,
        List<AuthParam> params) implements Credentials {
    private static final String[] KNOWN = {"username", "username*", "realm", "nonce", "uri", "response",
        "algorithm", "cnonce", "opaque", "qop", "nc", "userhash"};

    public DigestCredentials {
        AuthText.require("username", username);
        AuthText.require("realm", realm);
        AuthText.require("nonce", nonce);
        AuthText.requireTextOrNull("uri", uri);
        AuthText.require("response", response);
        AuthText.requireTokenOrNull("algorithm", algorithmName);
        AuthText.requireTextOrNull("cnonce", cnonce);
        AuthText.requireTextOrNull("opaque", opaque);
        AuthText.requireTokenOrNull("qop", qop);
        if (nc != null && !AuthText.isHex(nc, 8)) {
            throw new IllegalArgumentException("parameter 'nc' must be 8 hex digits");
        }
        if (qop != null && (cnonce == null || nc == null)) {
            throw new IllegalArgumentException("missing parameter '" + (cnonce == null ? "cnonce" : "nc") + "' (required with qop)");
        }
        params = params == null ? List.of() : List.copyOf(params);
        AuthText.requireDistinct(params, KNOWN);
    }

    public static DigestCredentials parse(String value) {
        return from(AuthParser.parse(value, "credentials"));
    }

    public static DigestCredentials parse(byte[] b, int start, int end) {
        return from(AuthParser.parse(b, start, end, "credentials"));
    }

    @Override
    public String scheme() {
        return "Digest";
    }

    /** The algorithm: MD5 when absent (RFC 7616 §3.3), empty when the token is unknown. */
    public Optional<DigestAlgorithm> algorithm() {
        return algorithmName == null ? Optional.of(DigestAlgorithm.MD5) : DigestAlgorithm.fromToken(algorithmName);
    }

    /** The nonce count as a number, or -1 when nc is absent. */
    public long nonceCount() {
        return nc == null ? -1 : Long.parseLong(nc, 16);
    }

    /** The value of an unknown parameter by name (case-insensitive), or null. */
    public String param(String name) {
        return OtherChallenge.find(params, name);
    }

    /** The header value: {@code Digest username="...", realm="...", ...} (RFC 7616 §3.4 quoting). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(160).append("Digest ");
        AuthText.appendParam(sb, "username", username, true);
        AuthText.appendParam(sb, "realm", realm, true);
        AuthText.appendParam(sb, "nonce", nonce, true);
        AuthText.appendParam(sb, "uri", uri, true);
        AuthText.appendParam(sb, "response", response, true);
        AuthText.appendParam(sb, "algorithm", algorithmName, false);
        AuthText.appendParam(sb, "cnonce", cnonce, true);
        AuthText.appendParam(sb, "opaque", opaque, true);
        AuthText.appendParam(sb, "qop", qop, false);
        AuthText.appendParam(sb, "nc", nc, false);
        AuthText.appendParam(sb, "userhash", userhash ? "true" : null, false);
        AuthText.appendParams(sb, params);
        return sb.toString();
    }

    static DigestCredentials from(AuthParser.Parsed p) {
        if (!p.isDigest()) {
            throw new SipParseException(p.where(), "expected the Digest scheme but found '" + p.scheme() + "'", 0);
        }
        String username = null, realm = null, nonce = null, uri = null, response = null, algorithm = null;
        String cnonce = null, opaque = null, qop = null, nc = null;
        boolean userhash = false;
        AuthParser.Raw star = null;
        List<AuthParam> others = new ArrayList<>(0);
        for (AuthParser.Raw r : p.params()) {
            switch (r.name().toLowerCase(Locale.ROOT)) {
                case "username" -> username = r.value();
                case "username*" -> star = r;
                case "realm" -> realm = r.value();
                case "nonce" -> nonce = r.value();
                case "uri" -> uri = r.value();
                case "response" -> response = r.value();
                case "algorithm" -> algorithm = DigestChallenge.token(p, r);
                case "cnonce" -> cnonce = r.value();
                case "opaque" -> opaque = r.value();
                case "qop" -> qop = DigestChallenge.token(p, r);
                case "nc" -> {
                    if (!AuthText.isHex(r.value(), 8)) {
                        throw p.error(r, "must be 8 hex digits");
                    }
                    nc = r.value();
                }
                case "userhash" -> userhash = DigestChallenge.bool(p, r);
                default -> others.add(r.toParam());
            }
        }
        if (star != null) {
            if (username != null) {
                throw p.error(star, "must not be sent together with 'username'");
            }
            username = decodeExtValue(star.value());
            if (username == null) {
                throw p.error(star, "is not a valid ext-value (RFC 8187)");
            }
        }
        try {
            return new DigestCredentials(username, realm, nonce, uri, response, algorithm, cnonce, opaque, qop, nc, userhash, others);
        } catch (IllegalArgumentException e) {
            throw OtherChallenge.invalid(p, e);
        }
    }

    /** Decodes {@code charset "'" [language] "'" pct-encoded-value} (RFC 8187 §3.2), or null. */
    static String decodeExtValue(String v) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            return null;
        }
        String cs = v.substring(0, q1);
        Charset charset = cs.equalsIgnoreCase("UTF-8") ? StandardCharsets.UTF_8
                : cs.equalsIgnoreCase("ISO-8859-1") ? StandardCharsets.ISO_8859_1 : null;
        if (charset == null) {
            return null;
        }
        byte[] out = new byte[v.length()];
        int n = 0;
        for (int i = q2 + 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%') {
                int hi = i + 1 < v.length() ? AuthText.hexDigit(v.charAt(i + 1)) : -1;
                int lo = i + 2 < v.length() ? AuthText.hexDigit(v.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 128 && c != '\'' && !AuthText.isCtl(c) && c != ' ') {
                out[n++] = (byte) c;
            } else {
                return null;
            }
        }
        String s = new String(out, 0, n, charset);
        for (int i = 0; i < s.length(); i++) {
            if (AuthText.isCtl(s.charAt(i))) {
                return null;
            }
        }
        return s;
    }
}
