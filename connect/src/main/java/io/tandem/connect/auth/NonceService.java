package io.tandem.connect.auth;

import io.tandem.sip.auth.HmacSha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import javax.crypto.Mac;

/**
 * Digest nonces the server verifies without storing them (RFC 7616 §3.3 suggests a time stamp
 * and a keyed hash): {@code base64url(issued-at ‖ random ‖ HMAC-SHA-256(key, issued-at ‖ random ‖ realm)[0..16])}.
 * A nonce is valid for the realm it was issued for, until {@code lifetimeMillis} after issue;
 * after that it is stale (the client retries with a fresh one without asking its user again).
 *
 * <p>Nonce counts (RFC 7616 §3.4.6, replay protection) are the only state: the highest nc seen per
 * nonce, kept until the nonce expires.
 */
public final class NonceService {
    /** What a nonce is worth. */
    public enum Check { VALID, STALE, INVALID }

    private static final int BODY = 16;
    private static final int TAG = 16;

    private final long lifetimeMillis;
    private final LongSupplier clock;
    private final HmacSha256 hmac;
    private final Map<String, long[]> counts = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** @param key secret shared by every instance that must accept each other's nonces (at least 16 bytes) */
    public NonceService(byte[] key, long lifetimeMillis, LongSupplier clock) {
        if (key.length < 16) {
            throw new IllegalArgumentException("nonce key must have at least 16 bytes");
        }
        this.hmac = new HmacSha256(key);
        this.lifetimeMillis = lifetimeMillis;
        this.clock = clock;
    }

    /** A random key, for a single instance. */
    public static NonceService withRandomKey(long lifetimeMillis) {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new NonceService(k, lifetimeMillis, System::currentTimeMillis);
    }

    public String issue(String realm) {
        ByteBuffer b = ByteBuffer.allocate(BODY + TAG);
        b.putLong(clock.getAsLong());
        // Unique, not secret: the keyed tag is what makes a nonce unforgeable. ThreadLocalRandom,
        // unlike a shared SecureRandom, takes no lock on the hot path.
        b.putLong(ThreadLocalRandom.current().nextLong());
        b.put(tag(b.array(), realm));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public Check check(String nonce, String realm) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (raw.length != BODY + TAG) {
            return Check.INVALID;
        }
        byte[] expected = tag(raw, realm);
        byte[] got = java.util.Arrays.copyOfRange(raw, BODY, BODY + TAG);
        if (!MessageDigest.isEqual(expected, got)) {
            return Check.INVALID;
        }
        long issued = ByteBuffer.wrap(raw).getLong();
        long age = clock.getAsLong() - issued;
        return age < 0 || age > lifetimeMillis ? Check.STALE : Check.VALID;
    }

    /**
     * Records nonce count {@code nc} for {@code nonce}; false when it is not larger than one
     * already seen (a replay, RFC 7616 §3.4.6).
     */
    public boolean acceptCount(String nonce, long nc) {
        sweep();
        long now = clock.getAsLong();
        long[] seen = counts.computeIfAbsent(nonce, n -> new long[] {0, now + lifetimeMillis});
        synchronized (seen) {
            if (nc <= seen[0]) {
                return false;
            }
            seen[0] = nc;
            return true;
        }
    }

    private void sweep() {
        long now = clock.getAsLong();
        if (now - lastSweep < lifetimeMillis / 4) {
            return;
        }
        lastSweep = now;
        counts.values().removeIf(v -> v[1] < now);
    }

    private byte[] tag(byte[] body, String realm) {
        Mac mac = hmac.mac();
        mac.update(body, 0, BODY);
        mac.update(realm.getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(mac.doFinal(), TAG); // doFinal resets the Mac for the next use
    }
}
