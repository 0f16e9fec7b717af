package io.tandem.connect;

import io.tandem.sip.auth.DigestAlgorithm;
import java.util.List;

/**
 * Connect's own settings (not part of Routr's resources).
 *
 * @param minExpires shortest registration accepted; shorter ones get 423 (RFC 3261 §10.3 step 7)
 * @param maxExpires longest registration granted; longer requests are shortened
 * @param defaultExpires used when the REGISTER gives no expiry (§10.2.1.1: 3600)
 * @param nonceLifetimeMillis how long a digest nonce stays fresh before it is stale
 * @param numbering how dialed numbers become E.164 for Number look-ups and egress rules
 * @param digestAlgorithms the digest algorithms challenged, most preferred first (RFC 8760 §2.4),
 *     and the only ones accepted. The default offers SHA-256 then MD5. Some clients read only the
 *     first challenge of a response and give up when they do not know its algorithm (SIPp 3.6 does),
 *     although RFC 8760 §2.4 tells them to skip it: for those, offer MD5 alone.
 */
public record ConnectSettings(int minExpires, int maxExpires, int defaultExpires, long nonceLifetimeMillis,
                              NumberingPlan numbering, List<DigestAlgorithm> digestAlgorithms) {
    /** SHA-256 first, MD5 second. */
    public static final List<DigestAlgorithm> SHA256_AND_MD5 = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    public static final ConnectSettings DEFAULT = new ConnectSettings(60, 3600, 3600, 300_000, NumberingPlan.NANP);

    public ConnectSettings {
        if (minExpires < 1 || maxExpires < minExpires || defaultExpires < minExpires || nonceLifetimeMillis <= 0) {
            throw new IllegalArgumentException("expiry settings must satisfy 1 <= min <= default, max");
        }
        digestAlgorithms = List.copyOf(digestAlgorithms);
        if (digestAlgorithms.isEmpty() || digestAlgorithms.stream().distinct().count() != digestAlgorithms.size()) {
            throw new IllegalArgumentException("digest algorithms must be a non-empty list without repetitions");
        }
    }

    /** With the default digest algorithms (SHA-256, then MD5). */
    public ConnectSettings(int minExpires, int maxExpires, int defaultExpires, long nonceLifetimeMillis,
                           NumberingPlan numbering) {
        this(minExpires, maxExpires, defaultExpires, nonceLifetimeMillis, numbering, SHA256_AND_MD5);
    }

    /** The same settings with another nonce lifetime. */
    public ConnectSettings withNonceLifetimeMillis(long millis) {
        return new ConnectSettings(minExpires, maxExpires, defaultExpires, millis, numbering, digestAlgorithms);
    }

    /** The same settings challenging with these algorithms, most preferred first. */
    public ConnectSettings withDigestAlgorithms(List<DigestAlgorithm> algorithms) {
        return new ConnectSettings(minExpires, maxExpires, defaultExpires, nonceLifetimeMillis, numbering, algorithms);
    }
}
