package io.tandem.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Server side of Digest (RFC 3261 §22.4, RFC 7616 §3.4): checks a request-digest. It does not
 * check that nonce, realm and opaque are ones the server issued, that nc grows, or that
 * {@code uri} names the Request-URI (RFC 7616 §3.4.6); the caller does.
 */
public final class DigestVerifier {
    private DigestVerifier() {
    }

    /**
     * True if {@code c.response()} matches the password. The username hashed is
     * {@code c.username()}; with {@code userhash=true} that is a hash, so use
     * {@link #verifyPassword(DigestCredentials, String, byte[], String, String)}.
     */
    public static boolean verifyPassword(DigestCredentials c, String method, byte[] body, String password) {
        return verifyPassword(c, method, body, c.username(), password);
    }

    /** True if {@code c.response()} matches the password of {@code username} (plain, not hashed). */
    public static boolean verifyPassword(DigestCredentials c, String method, byte[] body, String username, String password) {
        Optional<DigestAlgorithm> alg = c.algorithm();
        if (alg.isEmpty()) {
            return false;
        }
        return verifyHa1(c, method, body, Digest.ha1(alg.get(), username, c.realm(), password));
    }

    /**
     * True if {@code c.response()} matches a stored H(username:realm:password) computed with
     * {@code c}'s algorithm (for {@code -sess} the session step is applied here). False for an
     * unknown algorithm or qop, without uri, or when a {@code -sess} algorithm comes without cnonce.
     * Compares in constant time, ignoring hex case.
     */
    public static boolean verifyHa1(DigestCredentials c, String method, byte[] body, String ha1) {
        String expected = expectedResponse(c, method, body, ha1);
        if (expected == null) {
            return false;
        }
        byte[] got = c.response().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < got.length; i++) {
            if (got[i] >= 'A' && got[i] <= 'F') {
                got[i] += 'a' - 'A';
            }
        }
        return MessageDigest.isEqual(got, expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** The request-digest the client should have sent, or null if {@code c} cannot be checked. */
    public static String expectedResponse(DigestCredentials c, String method, byte[] body, String ha1) {
        Optional<DigestAlgorithm> a = c.algorithm();
        if (a.isEmpty() || c.uri() == null || !supportedQop(c.qop()) || (a.get().isSession() && c.cnonce() == null)) {
            return null;
        }
        DigestAlgorithm alg = a.get();
        String sessionHa1 = Digest.sessionHa1(alg, ha1, c.nonce(), c.cnonce());
        String ha2 = Digest.ha2(alg, method, c.uri(), c.qop(), body);
        return Digest.response(alg, sessionHa1, c.nonce(), c.nc(), c.cnonce(), c.qop(), ha2);
    }

    /**
     * The {@code rspauth} of Authentication-Info (RFC 2617 §3.2.3, RFC 7616 §3.5): as the
     * request-digest but with an empty method in A2; {@code body} is the response's body for
     * auth-int. Null if {@code c} cannot be checked.
     */
    public static String rspauth(DigestCredentials c, byte[] body, String ha1) {
        return expectedResponse(c, "", body, ha1);
    }

    private static boolean supportedQop(String qop) {
        return qop == null || qop.equalsIgnoreCase(Digest.AUTH) || qop.equalsIgnoreCase(Digest.AUTH_INT);
    }
}
