package io.tandem.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.sip.SipParseException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestChallengeTest {
    static String problem(String value) {
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> Challenge.parse(value));
        assertThat(e).as("parse error for %s", value).isNotNull();
        assertThat(e.where()).isEqualTo("challenge");
        return withoutOffset(e.problem());
    }

    /** SipParseException.problem() ends with " (at offset N)"; the tests compare the text before it. */
    static String withoutOffset(String problem) {
        int i = problem.indexOf(" (at offset ");
        return i < 0 ? problem : problem.substring(0, i);
    }

    @Test
    void parsesTheRfc3261WwwAuthenticateExample() {
        // RFC 3261 §20.44, folded over three lines.
        DigestChallenge c = (DigestChallenge) Challenge.parse("Digest realm=\"atlanta.com\",\r\n domain=\"sip:boxesbybob.com\", "
                + "qop=\"auth\",\r\n nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",\r\n opaque=\"\", stale=FALSE, algorithm=MD5");
        assertThat(c.realm()).isEqualTo("atlanta.com");
        assertThat(c.domain()).containsExactly("sip:boxesbybob.com");
        assertThat(c.qop()).containsExactly("auth");
        assertThat(c.nonce()).isEqualTo("f84f1cec41e6cbe5aea9c8e88d359");
        assertThat(c.opaque()).isEmpty();
        assertThat(c.stale()).isFalse();
        assertThat(c.algorithm()).contains(DigestAlgorithm.MD5);
        assertThat(c).hasToString("Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", "
                + "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", algorithm=MD5, qop=\"auth\"");
    }

    @Test
    void parsesMultipleQopOptions() {
        DigestChallenge c = DigestChallenge.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        assertThat(c.qop()).containsExactly("auth", "auth-int");
        assertThat(c.offersQop("AUTH-INT")).isTrue();
        assertThat(c.offersQop("auth-conf")).isFalse();
        assertThat(c.algorithmName()).isNull();
        assertThat(c.algorithm()).contains(DigestAlgorithm.MD5);
        // RFC 7616 §3.9.1 writes the list with a space after the comma.
        assertThat(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\" auth, auth-int ,\"").qop())
                .containsExactly("auth", "auth-int");
        assertThat(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=auth").qop()).containsExactly("auth");
    }

    @Test
    void parsesRfc7616Sha512256ChallengeWithCharsetAndUserhash() {
        DigestChallenge c = DigestChallenge.parse("Digest\r\n realm=\"api@example.org\",\r\n qop=\"auth\",\r\n"
                + " algorithm=SHA-512-256,\r\n nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\",\r\n"
                + " opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\",\r\n charset=UTF-8,\r\n userhash=true");
        assertThat(c.algorithm()).contains(DigestAlgorithm.SHA_512_256);
        assertThat(c.charset()).isEqualTo("UTF-8");
        assertThat(c.userhash()).isTrue();
        assertThat(c).hasToString("Digest realm=\"api@example.org\", nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", "
                + "opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", algorithm=SHA-512-256, qop=\"auth\", "
                + "charset=UTF-8, userhash=true");
    }

    @Test
    void parsesDomainListStaleAndUnknownParams() {
        DigestChallenge c = DigestChallenge.parse("Digest realm=\"r\", domain=\"sip:a.example  sip:b.example\tsip:c\", "
                + "nonce=\"n\", stale=TRUE, x-ext=\"v\\\"1\", y=2");
        assertThat(c.domain()).containsExactly("sip:a.example", "sip:b.example", "sip:c");
        assertThat(c.stale()).isTrue();
        assertThat(c.params()).containsExactly(AuthParam.quoted("x-ext", "v\"1"), AuthParam.token("y", "2"));
        assertThat(c.param("Y")).isEqualTo("2");
        assertThat(c).hasToString("Digest realm=\"r\", domain=\"sip:a.example sip:b.example sip:c\", nonce=\"n\", "
                + "stale=true, x-ext=\"v\\\"1\", y=2");
    }

    @Test
    void buildsTheCanonicalServerChallenge() {
        DigestChallenge c = DigestChallenge.of("biloxi.com", "abc/def+", DigestAlgorithm.SHA_256, "auth");
        assertThat(c).hasToString("Digest realm=\"biloxi.com\", nonce=\"abc/def+\", algorithm=SHA-256, qop=\"auth\"");
        assertThat(c.withStaleNonce("new", true).withOpaque("o"))
                .hasToString("Digest realm=\"biloxi.com\", nonce=\"new\", opaque=\"o\", stale=true, algorithm=SHA-256, qop=\"auth\"");
        assertThat(DigestChallenge.of("r\"q", "n", null)).hasToString("Digest realm=\"r\\\"q\", nonce=\"n\"");
    }

    @Test
    void roundTripsThroughToString() {
        for (String v : List.of("Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", qop=\"auth\", "
                        + "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5",
                "Digest realm=\"a\\\\b\", nonce=\"n\", algorithm=SHA-256-sess, qop=\"auth-int,auth\", userhash=true, z=\"\"",
                "digest NONCE=\"n\", REALM=\"r\", Stale=true, opaque=\"o p\"")) {
            DigestChallenge c = DigestChallenge.parse(v);
            assertThat(DigestChallenge.parse(c.toString())).isEqualTo(c);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Digest nonce=\"n\"|missing parameter 'realm'",
        "Digest realm=\"r\"|missing parameter 'nonce'",
        "Digest realm=\"r\", nonce=\"n\", stale=yes|parameter 'stale' must be true or false",
        "Digest realm=\"r\", nonce=\"n\", qop=\"\"|parameter 'qop' is empty",
        "Digest realm=\"r\", nonce=\"n\", qop=\" , \"|parameter 'qop' is empty",
        "Digest realm=\"r\", nonce=\"n\", qop=\"auth,au/th\"|parameter 'qop' has an invalid option 'au/th'",
        "Digest realm=\"r\", nonce=\"n\", charset=\"UTF 8\"|parameter 'charset' must be a token",
        "Digest realm=\"r\", nonce=\"n\", nonce=\"m\"|duplicate parameter 'nonce'",
        "Digest realm=\"r, nonce=\"n\"|expected ',' after parameter 'realm' but found 'n'",
        "Digest realm=\"r\", nonce=\"n|parameter 'nonce' has an unterminated quoted string",
        "Digest realm \"r\"|missing '=' after parameter 'realm'",
        "Digest realm=\"r\" nonce=\"n\"|expected ',' after parameter 'realm' but found 'n'",
    })
    void rejectsMalformedChallenges(String value, String expected) {
        assertThat(problem(value)).isEqualTo(expected);
    }

    @Test
    void digestParseRejectsOtherSchemes() {
        assertThatThrownBy(() -> DigestChallenge.parse("Basic realm=\"x\""))
                .isInstanceOf(SipParseException.class).hasMessageContaining("expected the Digest scheme but found 'Basic'");
    }

    @Test
    void constructorValidatesProgrammaticValues() {
        assertThatThrownBy(() -> DigestChallenge.of("r", "n", null, "auth int"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qop must be a token");
        assertThatThrownBy(() -> new DigestChallenge("r", List.of("sip:a sip:b"), "n", null, false, null, null, null, false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain entries");
    }
}
