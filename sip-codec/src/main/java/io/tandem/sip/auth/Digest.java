package io.tandem.sip.auth;

/**
 * Digest arithmetic of RFC 2617 §3.2.2 and RFC 7616 §3.4 (SIP: RFC 3261 §22.4, RFC 8760). All
 * strings are hashed as UTF-8; results are lowercase hex. Values are the unquoted parameter
 * contents ({@code unq(...)} in the RFCs).
 */
public final class Digest {
    /** The qop value asking for integrity protection of the body (RFC 7616 §3.4.3). */
    public static final String AUTH_INT = "auth-int";
    /** The qop value for authentication only. */
    public static final String AUTH = "auth";

    private Digest() {
    }

    /**
     * H(A1) without the session step: H(username ":" realm ":" password) (RFC 7616 §3.4.2). This
     * is the value a server may store in place of the password.
     */
    public static String ha1(DigestAlgorithm alg, String username, String realm, String password) {
        return alg.hashJoined(username, realm, password);
    }

    /**
     * H(A1) for {@code alg}: for the {@code -sess} variants H(H(username:realm:password) ":" nonce
     * ":" cnonce), otherwise H(username:realm:password) and nonce/cnonce are unused.
     */
    public static String ha1(DigestAlgorithm alg, String username, String realm, String password, String nonce, String cnonce) {
        return sessionHa1(alg, ha1(alg, username, realm, password), nonce, cnonce);
    }

    /**
     * Applies the session step of RFC 7616 §3.4.2 to a stored H(username:realm:password): for
     * {@code -sess} algorithms H(baseHa1 ":" nonce ":" cnonce), otherwise {@code baseHa1}.
     *
     * @throws IllegalArgumentException for a {@code -sess} algorithm without nonce or cnonce
     */
    public static String sessionHa1(DigestAlgorithm alg, String baseHa1, String nonce, String cnonce) {
        if (!alg.isSession()) {
            return baseHa1;
        }
        if (nonce == null || cnonce == null) {
            throw new IllegalArgumentException(alg.token() + " needs a nonce and a cnonce");
        }
        return alg.hashJoined(baseHa1, nonce, cnonce);
    }

    /** H(username ":" realm), the hashed username sent when {@code userhash=true} (RFC 7616 §3.4.4). */
    public static String userhash(DigestAlgorithm alg, String username, String realm) {
        return alg.hashJoined(username, realm);
    }

    /**
     * H(A2) (RFC 7616 §3.4.3): H(method ":" uri) for qop absent or {@code auth}, and
     * H(method ":" uri ":" H(body)) for {@code auth-int}, where a missing body hashes as empty
     * (RFC 3261 §22.4). {@code body} is ignored unless qop is {@code auth-int}.
     */
    public static String ha2(DigestAlgorithm alg, String method, String digestUri, String qop, byte[] body) {
        if (isAuthInt(qop)) {
            return alg.hashJoined(method, digestUri, alg.hash(body == null ? new byte[0] : body));
        }
        return alg.hashJoined(method, digestUri);
    }

    /** As {@link #ha2(DigestAlgorithm, String, String, String, byte[])} with H(body) already computed. */
    public static String ha2WithBodyHash(DigestAlgorithm alg, String method, String digestUri, String qop, String bodyHash) {
        if (isAuthInt(qop)) {
            return alg.hashJoined(method, digestUri, bodyHash);
        }
        return alg.hashJoined(method, digestUri);
    }

    /**
     * The request-digest (RFC 7616 §3.4.1): KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2))
     * when qop is present, and KD(H(A1), nonce ":" H(A2)) when it is absent (RFC 2069, kept by
     * RFC 2617 §3.2.2.1). {@code nc} is the 8 hex digits exactly as sent.
     */
    public static String response(DigestAlgorithm alg, String ha1, String nonce, String nc, String cnonce, String qop, String ha2) {
        if (qop == null) {
            return alg.hashJoined(ha1, nonce, ha2);
        }
        if (nc == null || cnonce == null) {
            throw new IllegalArgumentException("qop " + qop + " needs nc and cnonce");
        }
        return alg.hashJoined(ha1, nonce, nc, cnonce, qop, ha2);
    }

    /** The whole computation from the password: H(A1), H(A2), then the request-digest. */
    public static String response(DigestAlgorithm alg, String username, String realm, String password, String method,
            String digestUri, byte[] body, String nonce, String nc, String cnonce, String qop) {
        String ha1 = ha1(alg, username, realm, password, nonce, cnonce);
        return response(alg, ha1, nonce, nc, cnonce, qop, ha2(alg, method, digestUri, qop, body));
    }

    /** The 8 lowercase hex digits of a nonce count (RFC 7616 §3.4), for 1..0xFFFFFFFF. */
    public static String nc(long count) {
        if (count < 1 || count > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("nonce count out of range: " + count);
        }
        String h = Long.toHexString(count);
        return "00000000".substring(h.length()) + h;
    }

    static boolean isAuthInt(String qop) {
        return qop != null && qop.equalsIgnoreCase(AUTH_INT);
    }
}
