package io.tandem.security;

import io.tandem.sip.auth.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic authenticated encryption of the header values topology hiding takes out of a
 * message, in the manner of SIV (RFC 5297 §2.6): the IV is an HMAC-SHA-256 of the text (its first
 * 16 bytes), the text is AES-128-CTR under that IV, and the token is base64url(IV ‖ ciphertext),
 * which is a SIP token and a valid URI user. The same text always gives the same token, so a
 * retransmission comes out as its first copy did; any change to a token (or another key) fails
 * the check. Stateless: whoever holds the key opens what any holder sealed, after a restart too.
 * Thread-safe: one initialised Cipher and Mac per thread.
 */
final class TopologyCipher {
    private static final int IV = 16;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final HmacSha256 mac;
    private final SecretKeySpec encryption;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(TopologyCipher::newCipher);

    /** @param key at least 16 bytes, e.g. HMAC-SHA-256(secret, "tandem topology v1") */
    TopologyCipher(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a topology key needs at least 16 bytes, not " + key.length);
        }
        HmacSha256 derive = new HmacSha256(key);
        this.mac = new HmacSha256(derive.mac().doFinal("mac".getBytes(StandardCharsets.US_ASCII)));
        this.encryption = new SecretKeySpec(Arrays.copyOf(derive.mac().doFinal("enc".getBytes(StandardCharsets.US_ASCII)), 16),
            "AES");
    }

    String seal(String text) {
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        byte[] iv = Arrays.copyOf(mac.mac().doFinal(plain), IV);
        byte[] out = Arrays.copyOf(iv, IV + plain.length);
        crypt(iv, plain, out, IV);
        return ENCODE.encodeToString(out);
    }

    /** The text sealed in {@code token}, or null when it is not a token of this key (forged, cut, another secret). */
    String open(String token) {
        byte[] in;
        try {
            in = DECODE.decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (in.length <= IV) {
            return null;
        }
        byte[] iv = Arrays.copyOf(in, IV);
        byte[] plain = new byte[in.length - IV];
        crypt(iv, Arrays.copyOfRange(in, IV, in.length), plain, 0);
        byte[] check = Arrays.copyOf(mac.mac().doFinal(plain), IV);
        return MessageDigest.isEqual(iv, check) ? new String(plain, StandardCharsets.UTF_8) : null;
    }

    private void crypt(byte[] iv, byte[] input, byte[] output, int offset) {
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, encryption, new IvParameterSpec(iv)); // CTR: the same operation both ways
            c.doFinal(input, 0, input.length, output, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding unavailable", e);
        }
    }
}
