package io.tandem.connect;

/**
 * Connect's own settings (not part of Routr's resources).
 *
 * @param minExpires shortest registration accepted; shorter ones get 423 (RFC 3261 §10.3 step 7)
 * @param maxExpires longest registration granted; longer requests are shortened
 * @param defaultExpires used when the REGISTER gives no expiry (§10.2.1.1: 3600)
 * @param nonceLifetimeMillis how long a digest nonce stays fresh before it is stale
 * @param numbering how dialed numbers become E.164 for Number look-ups and egress rules
 */
public record ConnectSettings(int minExpires, int maxExpires, int defaultExpires, long nonceLifetimeMillis,
                              NumberingPlan numbering) {
    public static final ConnectSettings DEFAULT = new ConnectSettings(60, 3600, 3600, 300_000, NumberingPlan.NANP);

    public ConnectSettings {
        if (minExpires < 1 || maxExpires < minExpires || defaultExpires < minExpires || nonceLifetimeMillis <= 0) {
            throw new IllegalArgumentException("expiry settings must satisfy 1 <= min <= default, max");
        }
    }
}
