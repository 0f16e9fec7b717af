package io.tandem.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestClientTest {
    static final String RFC7616_CHALLENGE = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=%s, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    @Test
    void answersTheRfc7616Sha256Challenge() {
        DigestChallenge ch = DigestChallenge.parse(RFC7616_CHALLENGE.formatted("SHA-256"));
        DigestCredentials c = DigestClient.respond(ch, "Mufasa", "Circle of Life", "GET", "/dir/index.html", null,
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
        assertThat(c).hasToString("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", "
                + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", algorithm=SHA-256, "
                + "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", qop=auth, nc=00000001");
    }

    @Test
    void answersTheRfc7616Md5Challenge() {
        DigestChallenge ch = DigestChallenge.parse(RFC7616_CHALLENGE.formatted("MD5"));
        DigestCredentials c = DigestClient.respond(ch, "Mufasa", "Circle of Life", "GET", "/dir/index.html", null,
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
        assertThat(c.response()).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(c.algorithmName()).isEqualTo("MD5");
    }

    @Test
    void answersTheRfc2617Challenge() {
        DigestChallenge ch = DigestChallenge.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        DigestCredentials c = DigestClient.respond(ch, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", null, "0a4f113b", 1);
        assertThat(c).hasToString("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                + "response=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001");
    }

    @Test
    void hashesTheUsernameWhenTheChallengeAsks() {
        DigestChallenge ch = DigestChallenge.parse("Digest realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256, "
                + "nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", "
                + "opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8, userhash=true");
        DigestCredentials c = DigestClient.respond(ch, "J\u00e4s\u00f8n Doe", "Secret, or not?", "GET", "/doe.json", null,
                "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", 1);
        assertThat(c.username()).isEqualTo("793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b");
        assertThat(c.response()).isEqualTo("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5");
        assertThat(c.userhash()).isTrue();
        assertThat(c.toString()).endsWith("qop=auth, nc=00000001, userhash=true");
    }

    @Test
    void withoutQopSendsNoCnonceOrNc() {
        DigestChallenge ch = DigestChallenge.parse("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");
        DigestCredentials c = DigestClient.respond(ch, "Mufasa", "CircleOfLife", "GET", "/dir/index.html", null, "ignored", 7);
        assertThat(c).hasToString("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                + "response=\"1949323746fe6a43ef61f9606e7febea\"");
    }

    @Test
    void choosesAuthIntOnlyWhenAuthIsNotOffered() {
        DigestChallenge ch = DigestChallenge.of("biloxi.com", "n", DigestAlgorithm.MD5_SESS, "auth-int");
        DigestCredentials c = DigestClient.respond(ch, "bob", "zanzibar", "INVITE", "sip:bob@biloxi.com", new byte[] {'x'}, "c9", 0x1f);
        assertThat(c.qop()).isEqualTo("auth-int");
        assertThat(c.nc()).isEqualTo("0000001f");
        String ha1 = DigestTest.h("MD5", DigestTest.h("MD5", "bob:biloxi.com:zanzibar") + ":n:c9");
        String ha2 = DigestTest.h("MD5", "INVITE:sip:bob@biloxi.com:" + DigestTest.h("MD5", "x"));
        assertThat(c.response()).isEqualTo(DigestTest.h("MD5", ha1 + ":n:0000001f:c9:auth-int:" + ha2));
    }

    @Test
    void refusesWhatItCannotAnswer() {
        assertThatThrownBy(() -> DigestClient.respond(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA3-256"),
                "u", "p", "REGISTER", "sip:r", null, "c", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported algorithm SHA3-256");
        assertThatThrownBy(() -> DigestClient.respond(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\""),
                "u", "p", "REGISTER", "sip:r", null, "c", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no supported qop");
    }
}
