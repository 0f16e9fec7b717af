package io.tandem.sip.auth;

import static io.tandem.sip.auth.DigestAlgorithm.MD5;
import static io.tandem.sip.auth.DigestAlgorithm.MD5_SESS;
import static io.tandem.sip.auth.DigestAlgorithm.SHA_256;
import static io.tandem.sip.auth.DigestAlgorithm.SHA_256_SESS;
import static io.tandem.sip.auth.DigestAlgorithm.SHA_512_256;
import static io.tandem.sip.auth.DigestAlgorithm.SHA_512_256_SESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Digest arithmetic against the RFC examples and a hand composition with MessageDigest. */
class DigestTest {
    // RFC 7616 §3.9.1 (password with lowercase "of", erratum 4495).
    static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    // RFC 7616 §3.9.2.
    static final String JASON = "J\u00e4s\u00f8n Doe";
    static final String NONCE_9_2 = "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK";
    static final String CNONCE_9_2 = "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v";

    /** Independent H(): hex of the JDK digest of the UTF-8 string. */
    static String h(String jca, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rfc7616Md5Example() {
        String r = Digest.response(MD5, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
                null, NONCE_7616, "00000001", CNONCE_7616, "auth");
        assertThat(r).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void rfc7616Sha256Example() {
        String r = Digest.response(SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
                null, NONCE_7616, "00000001", CNONCE_7616, "auth");
        assertThat(r).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void rfc2617Example() {
        // RFC 2617 §3.5: password "Circle Of Life", qop=auth, nc=00000001, cnonce 0a4f113b.
        String r = Digest.response(MD5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                null, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth");
        assertThat(r).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc2069ExampleWithoutQop() {
        // RFC 2069 §2.4 as corrected by its erratum (the printed e966c9... is wrong): KD(HA1, nonce:HA2).
        String r = Digest.response(MD5, "Mufasa", "testrealm@host.com", "CircleOfLife", "GET", "/dir/index.html",
                null, "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null);
        assertThat(r).isEqualTo("1949323746fe6a43ef61f9606e7febea");
    }

    @Test
    void rfc7616Sha512256UserhashExampleWithErratum4897() {
        // RFC 7616 §3.9.2 prints userhash 488869...254ec and response ae66e6...79dd, which are SHA-512
        // truncated to 256 bits; erratum 4897 gives the FIPS 180-4 SHA-512/256 values asserted here.
        assertThat(Digest.userhash(SHA_512_256, JASON, "api@example.org"))
                .isEqualTo("793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b");
        String r = Digest.response(SHA_512_256, JASON, "api@example.org", "Secret, or not?", "GET", "/doe.json",
                null, NONCE_9_2, "00000001", CNONCE_9_2, "auth");
        assertThat(r).isEqualTo("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5");
    }

    @Test
    void rfc7616PrintedSha512256ValuesAreTruncatedSha512() {
        // Documents where the RFC's printed values come from: the same composition with SHA-512[0..32).
        assertThat(truncatedSha512(JASON + ":api@example.org"))
                .isEqualTo("488869477bf257147b804c45308cd62ac4e25eb717b12b298c79e62dcea254ec");
        String ha1 = truncatedSha512(JASON + ":api@example.org:Secret, or not?");
        String ha2 = truncatedSha512("GET:/doe.json");
        assertThat(truncatedSha512(ha1 + ":" + NONCE_9_2 + ":00000001:" + CNONCE_9_2 + ":auth:" + ha2))
                .isEqualTo("ae66e67d6b427bd3f120414a82e4acff38e8ecd9101d6c861229025f607a79dd");
    }

    private static String truncatedSha512(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(d, 32));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ha1OfSessionVariantsComposesPerRfc2617() {
        String base = h("MD5", "bob:biloxi.com:zanzibar");
        assertThat(Digest.ha1(MD5, "bob", "biloxi.com", "zanzibar")).isEqualTo(base);
        assertThat(Digest.ha1(MD5, "bob", "biloxi.com", "zanzibar", "n1", "c1")).isEqualTo(base);
        assertThat(Digest.ha1(MD5_SESS, "bob", "biloxi.com", "zanzibar", "n1", "c1")).isEqualTo(h("MD5", base + ":n1:c1"));
        String base256 = h("SHA-256", "bob:biloxi.com:zanzibar");
        assertThat(Digest.ha1(SHA_256_SESS, "bob", "biloxi.com", "zanzibar", "n1", "c1"))
                .isEqualTo(h("SHA-256", base256 + ":n1:c1"));
        String base512 = h("SHA-512/256", "bob:biloxi.com:zanzibar");
        assertThat(Digest.ha1(SHA_512_256_SESS, "bob", "biloxi.com", "zanzibar", "n1", "c1"))
                .isEqualTo(h("SHA-512/256", base512 + ":n1:c1"));
        assertThat(Digest.sessionHa1(MD5_SESS, base, "n1", "c1")).isEqualTo(h("MD5", base + ":n1:c1"));
    }

    @Test
    void md5SessResponseComposesByHand() {
        String ha1 = h("MD5", h("MD5", "bob:biloxi.com:zanzibar") + ":nonce9:cn0");
        String ha2 = h("MD5", "REGISTER:sip:biloxi.com");
        String expected = h("MD5", ha1 + ":nonce9:0000000a:cn0:auth:" + ha2);
        assertThat(Digest.response(MD5_SESS, "bob", "biloxi.com", "zanzibar", "REGISTER", "sip:biloxi.com", null,
                "nonce9", "0000000a", "cn0", "auth")).isEqualTo(expected);
    }

    @Test
    void sessionWithoutCnonceIsRejected() {
        assertThatThrownBy(() -> Digest.sessionHa1(SHA_256_SESS, "x", "n", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cnonce");
    }

    @Test
    void authIntHashesTheBody() {
        byte[] body = "v=0\r\no=bob 1 1 IN IP4 192.0.2.4\r\n".getBytes(StandardCharsets.UTF_8);
        String bodyHash = h("SHA-256", "v=0\r\no=bob 1 1 IN IP4 192.0.2.4\r\n");
        String ha2 = h("SHA-256", "INVITE:sip:bob@biloxi.com:" + bodyHash);
        assertThat(Digest.ha2(SHA_256, "INVITE", "sip:bob@biloxi.com", "auth-int", body)).isEqualTo(ha2);
        assertThat(Digest.ha2WithBodyHash(SHA_256, "INVITE", "sip:bob@biloxi.com", "auth-int", bodyHash)).isEqualTo(ha2);
        String ha1 = h("SHA-256", "bob:biloxi.com:zanzibar");
        assertThat(Digest.response(SHA_256, "bob", "biloxi.com", "zanzibar", "INVITE", "sip:bob@biloxi.com", body,
                "n", "00000001", "c", "auth-int")).isEqualTo(h("SHA-256", ha1 + ":n:00000001:c:auth-int:" + ha2));
    }

    @Test
    void authIntWithoutBodyHashesTheEmptyString() {
        assertThat(Digest.ha2(MD5, "BYE", "sip:a@b", "auth-int", null))
                .isEqualTo(h("MD5", "BYE:sip:a@b:d41d8cd98f00b204e9800998ecf8427e"));
    }

    @Test
    void authIgnoresTheBody() {
        assertThat(Digest.ha2(MD5, "BYE", "sip:a@b", "auth", new byte[] {1, 2}))
                .isEqualTo(Digest.ha2(MD5, "BYE", "sip:a@b", null, null))
                .isEqualTo(h("MD5", "BYE:sip:a@b"));
    }

    @Test
    void ncFormatsEightLowercaseHexDigits() {
        assertThat(Digest.nc(1)).isEqualTo("00000001");
        assertThat(Digest.nc(0xabcL)).isEqualTo("00000abc");
        assertThat(Digest.nc(0xFFFFFFFFL)).isEqualTo("ffffffff");
        assertThatThrownBy(() -> Digest.nc(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digest.nc(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void qopRequiresNcAndCnonce() {
        assertThatThrownBy(() -> Digest.response(MD5, "a", "n", null, "c", "auth", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nc and cnonce");
    }
}
