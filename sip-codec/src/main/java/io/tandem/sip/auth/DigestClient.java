package io.tandem.sip.auth;

import java.util.List;

/**
 * Client side of Digest (RFC 3261 §22.2–22.3, RFC 7616 §3.4): builds the credentials that
 * answer a challenge. The caller supplies a fresh cnonce and counts nc per nonce.
 */
public final class DigestClient {
    private DigestClient() {
    }

    /**
     * Answers {@code ch}, choosing qop {@code auth} if offered, else {@code auth-int}, and none
     * when the challenge offers no qop (RFC 2069 compatibility; cnonce and nc are then not sent).
     *
     * @throws IllegalArgumentException for an unknown algorithm or when no offered qop is supported
     */
    public static DigestCredentials respond(DigestChallenge ch, String username, String password, String method,
            String uri, byte[] body, String cnonce, long nc) {
        String qop;
        if (ch.qop().isEmpty()) {
            qop = null;
        } else if (ch.offersQop(Digest.AUTH)) {
            qop = Digest.AUTH;
        } else if (ch.offersQop(Digest.AUTH_INT)) {
            qop = Digest.AUTH_INT;
        } else {
            throw new IllegalArgumentException("no supported qop among " + ch.qop());
        }
        return respond(ch, username, password, method, uri, body, cnonce, nc, qop);
    }

    /**
     * Answers {@code ch} with the given qop ({@code null}, {@code auth} or {@code auth-int}).
     * With {@code userhash=true} in the challenge the username sent is H(username:realm)
     * (RFC 7616 §3.4.4). {@code body} is hashed only for {@code auth-int}. A {@code -sess}
     * algorithm always sends cnonce (RFC 2617 §3.2.2.2).
     */
    public static DigestCredentials respond(DigestChallenge ch, String username, String password, String method,
            String uri, byte[] body, String cnonce, long nc, String qop) {
        DigestAlgorithm alg = ch.algorithm()
                .orElseThrow(() -> new IllegalArgumentException("unsupported algorithm " + ch.algorithmName()));
        if (qop != null && !qop.equals(Digest.AUTH) && !qop.equals(Digest.AUTH_INT)) {
            throw new IllegalArgumentException("unsupported qop " + qop);
        }
        String ncText = qop == null ? null : Digest.nc(nc);
        String sentCnonce = qop != null || alg.isSession() ? cnonce : null;
        String ha1 = Digest.ha1(alg, username, ch.realm(), password, ch.nonce(), sentCnonce);
        String ha2 = Digest.ha2(alg, method, uri, qop, body);
        String response = Digest.response(alg, ha1, ch.nonce(), ncText, sentCnonce, qop, ha2);
        String sentUser = ch.userhash() ? Digest.userhash(alg, username, ch.realm()) : username;
        return new DigestCredentials(sentUser, ch.realm(), ch.nonce(), uri, response, ch.algorithmName(), sentCnonce,
                ch.opaque(), qop, ncText, ch.userhash(), List.of());
    }
}
