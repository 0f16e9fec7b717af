package io.tandem.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Digest algorithms of RFC 7616 §3.2 (registered for SIP by RFC 8760 §2.1). The {@code -sess}
 * variants hash the same way but compute A1 per session (RFC 7616 §3.4.2).
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true),
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true),
    /** SHA-512/256 of FIPS 180-4 §6.7 (own initial hash values, not truncated SHA-512). */
    SHA_512_256("SHA-512-256", "SHA-512/256", false),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true);

    private static final HexFormat HEX = HexFormat.of();
    private static final DigestAlgorithm[] ALL = values();

    private final String token;
    private final String jcaName;
    private final boolean session;
    private final MessageDigest prototype;

    DigestAlgorithm(String token, String jcaName, boolean session) {
        this.token = token;
        this.jcaName = jcaName;
        this.session = session;
        try {
            this.prototype = MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    /** The token as written in the {@code algorithm} parameter, e.g. {@code SHA-256-sess}. */
    public String token() {
        return token;
    }

    /** The {@link MessageDigest} algorithm name, e.g. {@code SHA-512/256}. */
    public String jcaName() {
        return jcaName;
    }

    /** True for the {@code -sess} variants. */
    public boolean isSession() {
        return session;
    }

    /** Length of a hash in lowercase hex digits (32 for MD5, 64 for the others). */
    public int hexLength() {
        return prototype.getDigestLength() * 2;
    }

    /** The algorithm for a token, compared case-insensitively (RFC 7616 §3.3); empty if unknown. */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token != null) {
            for (DigestAlgorithm a : ALL) {
                if (a.token.equalsIgnoreCase(token)) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** A fresh MessageDigest for this algorithm. */
    public MessageDigest newMessageDigest() {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /** H(data) as lowercase hex. */
    public String hash(byte[] data) {
        return hex(newMessageDigest().digest(data));
    }

    /** H(text) over the UTF-8 bytes of {@code text}, as lowercase hex. */
    public String hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    /** H(p0 ":" p1 ":" ...) over UTF-8 bytes, without building the joined string. */
    String hashJoined(String... parts) {
        MessageDigest md = newMessageDigest();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                md.update((byte) ':');
            }
            md.update(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return hex(md.digest());
    }

    static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    @Override
    public String toString() {
        return token;
    }
}
