package io.tandem.sip.auth;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under one key (RFC 2104), for the server's own keyed marks: digest nonces (RFC 7616
 * §3.3 suggests a keyed hash) and sealed Record-Route entries. One initialised {@link Mac} per
 * thread, so that no call takes a lock or pays for {@code Mac.getInstance} and {@code init}, which
 * cost more than hashing a short input.
 */
public final class HmacSha256 {
    private final ThreadLocal<Mac> macs;

    public HmacSha256(byte[] key) {
        byte[] k = key.clone();
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(k, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /** This thread's Mac, reset: feed it with {@code update}, end with {@code doFinal} (which resets it again). */
    public Mac mac() {
        return macs.get();
    }
}
