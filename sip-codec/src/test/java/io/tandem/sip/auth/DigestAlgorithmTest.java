package io.tandem.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestAlgorithmTest {
    @Test
    void wireTokens() {
        assertThat(DigestAlgorithm.MD5.token()).isEqualTo("MD5");
        assertThat(DigestAlgorithm.MD5_SESS.token()).isEqualTo("MD5-sess");
        assertThat(DigestAlgorithm.SHA_256.token()).isEqualTo("SHA-256");
        assertThat(DigestAlgorithm.SHA_256_SESS.token()).isEqualTo("SHA-256-sess");
        assertThat(DigestAlgorithm.SHA_512_256.token()).isEqualTo("SHA-512-256");
        assertThat(DigestAlgorithm.SHA_512_256_SESS.token()).isEqualTo("SHA-512-256-sess");
        assertThat(DigestAlgorithm.SHA_512_256.toString()).isEqualTo("SHA-512-256");
    }

    @Test
    void lookupIsCaseInsensitive() {
        assertThat(DigestAlgorithm.fromToken("md5")).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("MD5-SESS")).contains(DigestAlgorithm.MD5_SESS);
        assertThat(DigestAlgorithm.fromToken("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.fromToken("Sha-512-256-Sess")).contains(DigestAlgorithm.SHA_512_256_SESS);
        assertThat(DigestAlgorithm.fromToken("SHA3-256")).isEmpty();
        assertThat(DigestAlgorithm.fromToken("SHA-512/256")).isEmpty();
        assertThat(DigestAlgorithm.fromToken(null)).isEmpty();
    }

    @Test
    void sessionFlagAndLengths() {
        assertThat(DigestAlgorithm.values()).filteredOn(DigestAlgorithm::isSession)
                .containsExactly(DigestAlgorithm.MD5_SESS, DigestAlgorithm.SHA_256_SESS, DigestAlgorithm.SHA_512_256_SESS);
        assertThat(DigestAlgorithm.MD5.hexLength()).isEqualTo(32);
        assertThat(DigestAlgorithm.SHA_256_SESS.hexLength()).isEqualTo(64);
        assertThat(DigestAlgorithm.SHA_512_256.hexLength()).isEqualTo(64);
        assertThat(DigestAlgorithm.SHA_512_256.jcaName()).isEqualTo("SHA-512/256");
    }

    @Test
    void hashesKnownVectorsInLowercaseHex() {
        // RFC 1321 §A.5; FIPS 180-4 example "abc" for SHA-256 and SHA-512/256.
        assertThat(DigestAlgorithm.MD5.hash("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(DigestAlgorithm.MD5_SESS.hash("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(DigestAlgorithm.SHA_256.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(DigestAlgorithm.SHA_512_256.hash("abc"))
                .isEqualTo("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
    }

    @Test
    void hashJoinedEqualsHashOfJoinedString() {
        assertThat(DigestAlgorithm.SHA_256.hashJoined("a", "b\u00e4", "")).isEqualTo(DigestAlgorithm.SHA_256.hash("a:b\u00e4:"));
    }
}
