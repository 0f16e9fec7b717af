package io.tandem.connect;

import io.tandem.sip.auth.DigestAlgorithm;
import java.util.List;
import java.util.Objects;

/**
 * Connect's own settings (not part of Routr's resources). Each field has a {@code with...} method;
 * a value out of range is refused with an IllegalArgumentException naming the field.
 *
 * @param minExpires {@code minExpires}, seconds: shortest registration accepted; shorter ones get
 *     423 with Min-Expires (RFC 3261 §10.3 step 7). At least 1; default 60
 * @param maxExpires {@code maxExpires}, seconds: longest registration granted; longer requests are
 *     shortened (§10.3 step 7 lets the registrar decrease it). At least minExpires; default 3600
 * @param defaultExpires {@code defaultExpires}, seconds: granted when the REGISTER gives no expiry
 *     (§10.2.1.1 suggests 3600). At least minExpires; default 3600
 * @param nonceLifetimeMillis {@code nonceLifetimeMillis}: how long a digest nonce stays fresh before
 *     it is stale. Positive; default 300000
 * @param numbering {@code numbering}: how dialed numbers become E.164 for Number look-ups and egress
 *     rules. Default {@link NumberingPlan#NANP}
 * @param digestAlgorithms {@code digestAlgorithms}: the digest algorithms challenged, most preferred
 *     first (RFC 8760 §2.4), and the only ones accepted. The default offers SHA-256 then MD5. Some
 *     clients read only the first challenge of a response and give up when they do not know its
 *     algorithm (SIPp 3.6 does), although RFC 8760 §2.4 tells them to skip it: for those, offer MD5 alone.
 * @param maxContacts {@code maxContacts}: most live bindings of an address of record whose Agent or
 *     Peer sets no {@code spec.maxContacts}; a REGISTER that would pass it gets 403. 0 for no limit
 *     (the default); a resource's own {@code spec.maxContacts} always wins
 */
public record ConnectSettings(int minExpires, int maxExpires, int defaultExpires, long nonceLifetimeMillis,
                              NumberingPlan numbering, List<DigestAlgorithm> digestAlgorithms, int maxContacts) {
    /** SHA-256 first, MD5 second. */
    public static final List<DigestAlgorithm> SHA256_AND_MD5 = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    public static final ConnectSettings DEFAULT = new ConnectSettings(60, 3600, 3600, 300_000, NumberingPlan.NANP);

    public ConnectSettings {
        require(minExpires >= 1, "minExpires", minExpires, "at least 1");
        require(maxExpires >= minExpires, "maxExpires", maxExpires, "at least minExpires (" + minExpires + ")");
        require(defaultExpires >= minExpires, "defaultExpires", defaultExpires, "at least minExpires (" + minExpires + ")");
        require(nonceLifetimeMillis > 0, "nonceLifetimeMillis", nonceLifetimeMillis, "positive");
        require(maxContacts >= 0, "maxContacts", maxContacts, "0 (no limit) or more");
        if (numbering == null) {
            throw new IllegalArgumentException("numbering must be given");
        }
        digestAlgorithms = List.copyOf(Objects.requireNonNull(digestAlgorithms, "digestAlgorithms"));
        if (digestAlgorithms.isEmpty() || digestAlgorithms.stream().distinct().count() != digestAlgorithms.size()) {
            throw new IllegalArgumentException("digestAlgorithms must be a non-empty list without repetitions, not " + digestAlgorithms);
        }
    }

    /** Without a server-wide contact limit. */
    public ConnectSettings(int minExpires, int maxExpires, int defaultExpires, long nonceLifetimeMillis,
                           NumberingPlan numbering, List<DigestAlgorithm> digestAlgorithms) {
        this(minExpires, maxExpires, defaultExpires, nonceLifetimeMillis, numbering, digestAlgorithms, 0);
    }

    /** With the default digest algorithms (SHA-256, then MD5) and no server-wide contact limit. */
    public ConnectSettings(int minExpires, int maxExpires, int defaultExpires, long nonceLifetimeMillis,
                           NumberingPlan numbering) {
        this(minExpires, maxExpires, defaultExpires, nonceLifetimeMillis, numbering, SHA256_AND_MD5, 0);
    }

    private static void require(boolean ok, String field, long value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " must be " + rule + ", not " + value);
        }
    }

    public ConnectSettings withMinExpires(int seconds) {
        return new ConnectSettings(seconds, maxExpires, defaultExpires, nonceLifetimeMillis, numbering, digestAlgorithms, maxContacts);
    }

    public ConnectSettings withMaxExpires(int seconds) {
        return new ConnectSettings(minExpires, seconds, defaultExpires, nonceLifetimeMillis, numbering, digestAlgorithms, maxContacts);
    }

    public ConnectSettings withDefaultExpires(int seconds) {
        return new ConnectSettings(minExpires, maxExpires, seconds, nonceLifetimeMillis, numbering, digestAlgorithms, maxContacts);
    }

    /** The same settings with another nonce lifetime. */
    public ConnectSettings withNonceLifetimeMillis(long millis) {
        return new ConnectSettings(minExpires, maxExpires, defaultExpires, millis, numbering, digestAlgorithms, maxContacts);
    }

    public ConnectSettings withNumbering(NumberingPlan plan) {
        return new ConnectSettings(minExpires, maxExpires, defaultExpires, nonceLifetimeMillis, plan, digestAlgorithms, maxContacts);
    }

    /** The same settings challenging with these algorithms, most preferred first. */
    public ConnectSettings withDigestAlgorithms(List<DigestAlgorithm> algorithms) {
        return new ConnectSettings(minExpires, maxExpires, defaultExpires, nonceLifetimeMillis, numbering, algorithms, maxContacts);
    }

    /** The same settings with this server-wide contact limit (0 for none). */
    public ConnectSettings withMaxContacts(int contacts) {
        return new ConnectSettings(minExpires, maxExpires, defaultExpires, nonceLifetimeMillis, numbering, digestAlgorithms, contacts);
    }
}
