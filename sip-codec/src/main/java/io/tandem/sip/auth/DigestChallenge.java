package io.tandem.sip.auth;

import io.tandem.sip.SipParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Digest challenge (RFC 3261 §25.1 {@code digest-cln}, RFC 7616 §3.3). String values are
 * unquoted; absent optional ones are null, absent lists empty. {@code algorithmName} is the token
 * as sent (null if absent); {@code qop} the offered options in order; {@code params} the unknown
 * parameters in order.
 *
 * @throws IllegalArgumentException when realm or nonce is missing or a value is malformed
 */
public record DigestChallenge(String realm, List<String> domain, String nonce, String opaque, boolean stale,
        String algorithmName, List<String> qop, String charset, boolean userhash, List<AuthParam> params)
        implements Challenge {
    private static final String[] KNOWN = {"realm", "domain", "nonce", "opaque", "stale", "algorithm", "qop",
        "charset", "userhash"};

    public DigestChallenge {
        AuthText.require("realm", realm);
        AuthText.require("nonce", nonce);
        domain = domain == null ? List.of() : List.copyOf(domain);
        for (String d : domain) {
            if (d.isEmpty() || d.indexOf(' ') >= 0 || d.indexOf('\t') >= 0) {
                throw new IllegalArgumentException("domain entries must be non-empty and hold no white space");
            }
            AuthText.requireText("domain", d);
        }
        AuthText.requireTextOrNull("opaque", opaque);
        AuthText.requireTokenOrNull("algorithm", algorithmName);
        qop = qop == null ? List.of() : List.copyOf(qop);
        for (String q : qop) {
            AuthText.requireToken("qop", q);
        }
        AuthText.requireTokenOrNull("charset", charset);
        params = params == null ? List.of() : List.copyOf(params);
        AuthText.requireDistinct(params, KNOWN);
    }

    /** A challenge with the common parameters only, e.g. for a server's 401 (RFC 8760 §2.4). */
    public static DigestChallenge of(String realm, String nonce, DigestAlgorithm algorithm, String... qop) {
        return new DigestChallenge(realm, null, nonce, null, false, algorithm == null ? null : algorithm.token(),
                List.of(qop), null, false, null);
    }

    /** A copy with a new nonce and {@code stale} set (RFC 7616 §3.3). */
    public DigestChallenge withStaleNonce(String newNonce, boolean isStale) {
        return new DigestChallenge(realm, domain, newNonce, opaque, isStale, algorithmName, qop, charset, userhash, params);
    }

    /** A copy with {@code opaque} set. */
    public DigestChallenge withOpaque(String newOpaque) {
        return new DigestChallenge(realm, domain, nonce, newOpaque, stale, algorithmName, qop, charset, userhash, params);
    }

    public static DigestChallenge parse(String value) {
        return from(AuthParser.parse(value, "challenge"));
    }

    public static DigestChallenge parse(byte[] b, int start, int end) {
        return from(AuthParser.parse(b, start, end, "challenge"));
    }

    @Override
    public String scheme() {
        return "Digest";
    }

    /** The algorithm: MD5 when absent (RFC 7616 §3.3), empty when the token is unknown. */
    public Optional<DigestAlgorithm> algorithm() {
        return algorithmName == null ? Optional.of(DigestAlgorithm.MD5) : DigestAlgorithm.fromToken(algorithmName);
    }

    /** True if {@code option} (e.g. {@code auth-int}) is among the qop options, case-insensitively. */
    public boolean offersQop(String option) {
        for (String q : qop) {
            if (q.equalsIgnoreCase(option)) {
                return true;
            }
        }
        return false;
    }

    /** The value of an unknown parameter by name (case-insensitive), or null. */
    public String param(String name) {
        return OtherChallenge.find(params, name);
    }

    /** The header value: {@code Digest realm="...", nonce="...", algorithm=SHA-256, qop="auth"}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(128).append("Digest ");
        AuthText.appendParam(sb, "realm", realm, true);
        AuthText.appendParam(sb, "domain", domain.isEmpty() ? null : String.join(" ", domain), true);
        AuthText.appendParam(sb, "nonce", nonce, true);
        AuthText.appendParam(sb, "opaque", opaque, true);
        AuthText.appendParam(sb, "stale", stale ? "true" : null, false);
        AuthText.appendParam(sb, "algorithm", algorithmName, false);
        AuthText.appendParam(sb, "qop", qop.isEmpty() ? null : String.join(",", qop), true);
        AuthText.appendParam(sb, "charset", charset, false);
        AuthText.appendParam(sb, "userhash", userhash ? "true" : null, false);
        AuthText.appendParams(sb, params);
        return sb.toString();
    }

    static DigestChallenge from(AuthParser.Parsed p) {
        if (!p.isDigest()) {
            throw new SipParseException(p.where(), "expected the Digest scheme but found '" + p.scheme() + "'", 0);
        }
        String realm = null, nonce = null, opaque = null, algorithm = null, charset = null;
        List<String> domain = null, qop = null;
        boolean stale = false, userhash = false;
        List<AuthParam> others = new ArrayList<>(0);
        for (AuthParser.Raw r : p.params()) {
            switch (r.name().toLowerCase(Locale.ROOT)) {
                case "realm" -> realm = r.value();
                case "domain" -> domain = list(p, r, ' ');
                case "nonce" -> nonce = r.value();
                case "opaque" -> opaque = r.value();
                case "stale" -> stale = bool(p, r);
                case "algorithm" -> algorithm = token(p, r);
                case "qop" -> qop = list(p, r, ',');
                case "charset" -> charset = token(p, r);
                case "userhash" -> userhash = bool(p, r);
                default -> others.add(r.toParam());
            }
        }
        try {
            return new DigestChallenge(realm, domain, nonce, opaque, stale, algorithm, qop, charset, userhash, others);
        } catch (IllegalArgumentException e) {
            throw OtherChallenge.invalid(p, e);
        }
    }

    /** A value that must be a token even when sent quoted (e.g. {@code algorithm="MD5"}). */
    static String token(AuthParser.Parsed p, AuthParser.Raw r) {
        if (!AuthText.isToken(r.value())) {
            throw p.error(r, "must be a token");
        }
        return r.value();
    }

    /** {@code true} or {@code false}, case-insensitively (RFC 7616 §3.3). */
    static boolean bool(AuthParser.Parsed p, AuthParser.Raw r) {
        if (r.value().equalsIgnoreCase("true")) {
            return true;
        }
        if (r.value().equalsIgnoreCase("false")) {
            return false;
        }
        throw p.error(r, "must be true or false");
    }

    /**
     * Splits a list value in one scan: qop options separated by ',' (RFC 3261 §25.1
     * {@code qop-options}), domain URIs by spaces (RFC 7616 §3.3). Empty items are skipped;
     * qop items must be tokens.
     */
    private static List<String> list(AuthParser.Parsed p, AuthParser.Raw r, char sep) {
        String v = r.value();
        List<String> out = new ArrayList<>(2);
        int i = 0;
        int n = v.length();
        while (i < n) {
            while (i < n && (v.charAt(i) == sep || v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
                i++;
            }
            int s = i;
            while (i < n && v.charAt(i) != sep && v.charAt(i) != ' ' && v.charAt(i) != '\t') {
                i++;
            }
            if (i > s) {
                String item = v.substring(s, i);
                if (sep == ',' && !AuthText.isToken(item)) {
                    throw p.error(r, "has an invalid option '" + item + "'");
                }
                out.add(item);
            }
        }
        if (sep == ',' && out.isEmpty()) {
            throw p.error(r, "is empty");
        }
        return out;
    }
}
