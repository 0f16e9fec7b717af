package io.tandem.provisioning.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals Credentials passwords for the database: AES-256-GCM under the deployment's key, a random 96-bit IV per
 * password and the resource's ref as associated data (a sealed password copied onto another row does not open).
 * Digest needs the password itself for every algorithm and realm Tandem offers (RFC 8760: MD5 and SHA-256, HA1
 * per realm), so it is encrypted rather than hashed. The text is {@code v1:} and base64 of IV then ciphertext.
 */
public final class PasswordSeal {
    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param key 32 bytes (e.g. HMAC-SHA-256 of the deployment's secret with a label of its own) */
    public PasswordSeal(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the password key must be 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public String seal(String ref, String password) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(ref.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(password.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + ct.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(ct, 0, out, IV_BYTES, ct.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The password; throws {@link IllegalArgumentException} when the text was sealed under another key or for another ref. */
    public String open(String ref, String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed password (no " + PREFIX + " prefix)");
        }
        byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            c.updateAAD(ref.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("the password of '" + ref + "' was sealed under another key (is this the deployment's secret?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
