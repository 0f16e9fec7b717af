package io.tandem.connect.auth;

import io.tandem.sip.SipMethod;
import io.tandem.sip.auth.Credentials;
import io.tandem.sip.auth.DigestAlgorithm;
import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.auth.DigestVerifier;
import io.tandem.sip.message.SipRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Server-side SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760). Challenges offer
 * SHA-256 first and MD5 second (RFC 8760 §2.4: most preferred first), qop=auth. REGISTER is
 * authenticated with Authorization/401, everything else with Proxy-Authorization/407 (§22.3).
 *
 * <p>An unknown user and a wrong password give the same answer, a fresh challenge, so that user
 * names cannot be discovered (RFC 3261 §26.3.2.4 spirit; issue requirement).
 */
public final class DigestAuthenticator {
    /** The outcome of checking a request's credentials. */
    public enum Result {
        /** Credentials valid for the user. */
        OK,
        /** No credentials for this realm: challenge. */
        MISSING,
        /** The digest was right but the nonce has expired: challenge with stale=true. */
        STALE,
        /** Wrong password, unknown user, foreign or replayed nonce: challenge again. */
        FAILED
    }

    private static final List<DigestAlgorithm> DEFAULT = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    private final NonceService nonces;
    private final List<DigestAlgorithm> offered;

    /** Challenges with SHA-256, then MD5. */
    public DigestAuthenticator(NonceService nonces) {
        this(nonces, DEFAULT);
    }

    /**
     * @param algorithms the algorithms to challenge with, most preferred first; credentials
     *     computed with any other algorithm are refused (no downgrade to one the operator dropped)
     */
    public DigestAuthenticator(NonceService nonces, List<DigestAlgorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("no digest algorithm to offer");
        }
        this.nonces = nonces;
        this.offered = List.copyOf(algorithms);
    }

    /** 401/WWW-Authenticate for REGISTER, 407/Proxy-Authenticate otherwise (§22.1, §22.3). */
    public static boolean usesWwwAuthenticate(SipRequest req) {
        return req.method() == SipMethod.REGISTER;
    }

    /** The challenge header values to send, most preferred first. */
    public List<String> challenges(String realm, boolean stale) {
        String nonce = nonces.issue(realm);
        return offered.stream()
            .map(a -> DigestChallenge.of(realm, nonce, a, "auth").withStaleNonce(nonce, stale).toString())
            .toList();
    }

    /** The Digest credentials the request carries for {@code realm}, if any. */
    public static Optional<DigestCredentials> credentialsFor(SipRequest req, String realm) {
        List<Credentials> all = usesWwwAuthenticate(req) ? req.authorization() : req.proxyAuthorization();
        for (Credentials c : all) {
            if (c instanceof DigestCredentials d && realm.equals(d.realm())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks the request's credentials for {@code realm}.
     *
     * @param passwordOf the password of a user name, or null when there is no such user
     * @return the result and, when OK, the authenticated user name
     */
    public Verdict verify(SipRequest req, String realm, Function<String, String> passwordOf) {
        Optional<DigestCredentials> found = credentialsFor(req, realm);
        if (found.isEmpty()) {
            return new Verdict(Result.MISSING, null);
        }
        DigestCredentials c = found.get();
        NonceService.Check nonce = nonces.check(c.nonce(), realm);
        if (nonce == NonceService.Check.INVALID || c.algorithm().isEmpty() || !offered.contains(c.algorithm().get())) {
            return new Verdict(Result.FAILED, null);
        }
        if (c.qop() != null && !"auth".equals(c.qop()) && !"auth-int".equals(c.qop())) {
            return new Verdict(Result.FAILED, null);
        }
        String password = passwordOf.apply(c.username());
        // Compute even for an unknown user so both paths take the same time.
        boolean ok = DigestVerifier.verifyPassword(c, req.method().name(), req.body(), c.username(),
            password == null ? "\u0000unknown" : password) && password != null;
        if (!ok) {
            return new Verdict(Result.FAILED, null);
        }
        if (nonce == NonceService.Check.STALE) {
            return new Verdict(Result.STALE, null);
        }
        if (c.qop() == null) {
            // RFC 2069 style (no qop, so no nonce count): without a count a captured request could
            // be replayed, to another Request-URI even, as long as the nonce lives. Such a nonce is
            // good for one request; answering it again is like answering an expired one.
            return nonces.acceptCount(c.nonce(), 1) ? new Verdict(Result.OK, c.username()) : new Verdict(Result.STALE, null);
        }
        if (!nonces.acceptCount(c.nonce(), c.nonceCount())) {
            return new Verdict(Result.FAILED, null);
        }
        return new Verdict(Result.OK, c.username());
    }

    /** A result and the authenticated user (when OK). */
    public record Verdict(Result result, String username) {
    }
}
