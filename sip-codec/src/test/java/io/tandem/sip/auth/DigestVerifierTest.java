package io.tandem.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {
    static final String RFC2617 = "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=00000001, "
            + "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    @Test
    void verifiesTheRfc7616Sha256Request() {
        DigestCredentials c = DigestCredentials.parse(DigestCredentialsTest.RFC7616_SHA256);
        assertThat(DigestVerifier.verifyPassword(c, "GET", null, "Circle of Life")).isTrue();
        assertThat(DigestVerifier.verifyPassword(c, "GET", null, "Circle Of Life")).isFalse();
        assertThat(DigestVerifier.verifyPassword(c, "POST", null, "Circle of Life")).isFalse();
    }

    @Test
    void verifiesTheRfc7616Md5Request() {
        DigestCredentials c = DigestCredentials.parse(DigestCredentialsTest.RFC7616_SHA256
                .replace("algorithm=SHA-256", "algorithm=MD5")
                .replace("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", "8ca523f5e9506fed4657c9700eebdbec"));
        assertThat(DigestVerifier.verifyPassword(c, "GET", null, "Circle of Life")).isTrue();
    }

    @Test
    void verifiesTheRfc2617RequestFromPasswordOrStoredHa1() {
        DigestCredentials c = DigestCredentials.parse(RFC2617);
        assertThat(DigestVerifier.verifyPassword(c, "GET", null, "Circle Of Life")).isTrue();
        String ha1 = Digest.ha1(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life");
        assertThat(DigestVerifier.verifyHa1(c, "GET", null, ha1)).isTrue();
        assertThat(DigestVerifier.expectedResponse(c, "GET", null, ha1)).isEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(DigestVerifier.verifyHa1(c, "GET", null, ha1.replace('a', 'b'))).isFalse();
    }

    @Test
    void acceptsUppercaseHexInTheResponse() {
        DigestCredentials c = DigestCredentials.parse(RFC2617.replace("6629fae49393a05397450978507c4ef1", "6629FAE49393A05397450978507C4EF1"));
        assertThat(DigestVerifier.verifyPassword(c, "GET", null, "Circle Of Life")).isTrue();
    }

    @Test
    void rejectsTamperedOrTruncatedResponses() {
        assertThat(DigestVerifier.verifyPassword(DigestCredentials.parse(RFC2617.replace("4ef1\"", "4ef2\"")), "GET", null,
                "Circle Of Life")).isFalse();
        assertThat(DigestVerifier.verifyPassword(DigestCredentials.parse(RFC2617.replace("4ef1\"", "\"")), "GET", null,
                "Circle Of Life")).isFalse();
        assertThat(DigestVerifier.verifyPassword(DigestCredentials.parse(RFC2617.replace("nc=00000001", "nc=00000002")), "GET",
                null, "Circle Of Life")).isFalse();
    }

    @Test
    void verifiesTheRfc7616UserhashRequestWithErratum4897Values() {
        DigestCredentials c = DigestCredentials.parse("Digest username=\"793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b\", "
                + "realm=\"api@example.org\", uri=\"/doe.json\", algorithm=SHA-512-256, "
                + "nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", nc=00000001, "
                + "cnonce=\"NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v\", qop=auth, "
                + "response=\"3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5\", "
                + "opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", userhash=true");
        assertThat(c.userhash()).isTrue();
        assertThat(c.username()).isEqualTo(Digest.userhash(DigestAlgorithm.SHA_512_256, "J\u00e4s\u00f8n Doe", "api@example.org"));
        assertThat(DigestVerifier.verifyPassword(c, "GET", null, "J\u00e4s\u00f8n Doe", "Secret, or not?")).isTrue();
        assertThat(DigestVerifier.verifyPassword(c, "GET", null, "Secret, or not?")).isFalse();
    }

    @Test
    void verifiesAuthIntAgainstTheBody() {
        byte[] body = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);
        DigestChallenge ch = DigestChallenge.of("biloxi.com", "n0nce", DigestAlgorithm.SHA_256_SESS, "auth-int");
        DigestCredentials c = DigestClient.respond(ch, "bob", "zanzibar", "INVITE", "sip:bob@biloxi.com", body, "cn", 1);
        assertThat(c.qop()).isEqualTo("auth-int");
        assertThat(DigestVerifier.verifyPassword(c, "INVITE", body, "zanzibar")).isTrue();
        assertThat(DigestVerifier.verifyPassword(c, "INVITE", "v=1\r\n".getBytes(StandardCharsets.US_ASCII), "zanzibar")).isFalse();
    }

    @Test
    void cannotVerifyUnknownAlgorithmQopOrMissingUri() {
        String base = "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"x\"";
        assertThat(DigestVerifier.verifyPassword(DigestCredentials.parse(base + ", algorithm=SHA3-256"), "REGISTER", null, "p")).isFalse();
        assertThat(DigestVerifier.expectedResponse(DigestCredentials.parse(base + ", qop=auth-conf, nc=00000001, cnonce=\"c\""),
                "REGISTER", null, "h")).isNull();
        assertThat(DigestVerifier.expectedResponse(DigestCredentials.parse(base + ", algorithm=MD5-sess"), "REGISTER", null, "h")).isNull();
        assertThat(DigestVerifier.expectedResponse(DigestCredentials.parse(base.replace("uri=\"sip:r\", ", "")), "REGISTER", null, "h"))
                .isNull();
    }

    @Test
    void rfc2069CompatibleRequestWithoutQop() {
        DigestCredentials c = DigestCredentials.parse("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                + "response=\"1949323746fe6a43ef61f9606e7febea\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        assertThat(DigestVerifier.verifyPassword(c, "GET", null, "CircleOfLife")).isTrue();
    }

    @Test
    void rspauthUsesAnEmptyMethod() {
        DigestCredentials c = DigestCredentials.parse(RFC2617);
        String ha1 = Digest.ha1(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life");
        String ha2 = DigestTest.h("MD5", ":/dir/index.html");
        assertThat(DigestVerifier.rspauth(c, null, ha1))
                .isEqualTo(DigestTest.h("MD5", ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:" + ha2));
    }
}
