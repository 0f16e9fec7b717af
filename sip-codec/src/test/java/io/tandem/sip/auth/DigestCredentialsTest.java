package io.tandem.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestCredentialsTest {
    /** RFC 7616 §3.9.1, SHA-256 request, folded as in the RFC (CRLF + indentation). */
    static final String RFC7616_SHA256 = "Digest\r\n    username=\"Mufasa\",\r\n    realm=\"http-auth@example.org\",\r\n"
            + "    uri=\"/dir/index.html\",\r\n    algorithm=SHA-256,\r\n    nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n"
            + "    nc=00000001,\r\n    cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\",\r\n    qop=auth,\r\n"
            + "    response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\",\r\n"
            + "    opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    static String problem(String value) {
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> Credentials.parse(value));
        assertThat(e).as("parse error for %s", value).isNotNull();
        assertThat(e.where()).isEqualTo("credentials");
        return withoutOffset(e.problem());
    }

    /** SipParseException.problem() ends with " (at offset N)"; the tests compare the text before it. */
    static String withoutOffset(String problem) {
        int i = problem.indexOf(" (at offset ");
        return i < 0 ? problem : problem.substring(0, i);
    }

    @Test
    void parsesTheRfc7616Sha256Request() {
        DigestCredentials c = (DigestCredentials) Credentials.parse(RFC7616_SHA256);
        assertThat(c.username()).isEqualTo("Mufasa");
        assertThat(c.realm()).isEqualTo("http-auth@example.org");
        assertThat(c.uri()).isEqualTo("/dir/index.html");
        assertThat(c.algorithmName()).isEqualTo("SHA-256");
        assertThat(c.algorithm()).contains(DigestAlgorithm.SHA_256);
        assertThat(c.nonce()).isEqualTo("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v");
        assertThat(c.nc()).isEqualTo("00000001");
        assertThat(c.nonceCount()).isEqualTo(1L);
        assertThat(c.cnonce()).isEqualTo("f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        assertThat(c.qop()).isEqualTo("auth");
        assertThat(c.response()).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(c.opaque()).isEqualTo("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
        assertThat(c.userhash()).isFalse();
        assertThat(c.params()).isEmpty();
        assertThat(c.scheme()).isEqualTo("Digest");
    }

    @Test
    void rendersCanonicalForm() {
        DigestCredentials c = DigestCredentials.parse(RFC7616_SHA256);
        assertThat(c).hasToString("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", "
                + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", algorithm=SHA-256, "
                + "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", qop=auth, nc=00000001");
    }

    @Test
    void parsesTheRfc3261ExampleWithoutUri() {
        // RFC 3261 §20.7 (its response is not even 32 hex digits; parsing must not care).
        DigestCredentials c = DigestCredentials.parse("Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
                + " nonce=\"84a4cc6f3082121f32b42a2187831a9e\",\r\n response=\"7587245234b3434cc3412213e5f113a5432\"");
        assertThat(c.username()).isEqualTo("Alice");
        assertThat(c.realm()).isEqualTo("atlanta.com");
        assertThat(c.uri()).isNull();
        assertThat(c.response()).isEqualTo("7587245234b3434cc3412213e5f113a5432");
        assertThat(c.algorithm()).contains(DigestAlgorithm.MD5);
        assertThat(c.qop()).isNull();
        assertThat(c.nonceCount()).isEqualTo(-1L);
    }

    @Test
    void parsesSippStyleLineWithoutSpaces() {
        String v = "Digest username=\"sipp\",realm=\"example.com\",cnonce=\"6b8b4567\",nc=0000000A,qop=auth,"
                + "uri=\"sip:192.0.2.10:5060\",nonce=\"4a1d5e9f\",response=\"0123456789abcdef0123456789abcdef\",algorithm=MD5";
        DigestCredentials c = DigestCredentials.parse(v);
        assertThat(c.username()).isEqualTo("sipp");
        assertThat(c.uri()).isEqualTo("sip:192.0.2.10:5060");
        assertThat(c.nc()).isEqualTo("0000000A");
        assertThat(c.nonceCount()).isEqualTo(10L);
        assertThat(c.algorithmName()).isEqualTo("MD5");
        assertThat(c.toString()).isEqualTo("Digest username=\"sipp\", realm=\"example.com\", nonce=\"4a1d5e9f\", "
                + "uri=\"sip:192.0.2.10:5060\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5, "
                + "cnonce=\"6b8b4567\", qop=auth, nc=0000000A");
    }

    @Test
    void allowsLwsAroundEqualsAndCommasAndIgnoresNameCase() {
        DigestCredentials c = DigestCredentials.parse(" digest  USERNAME = \"a\" ,Realm=\t\"r\"  ,\r\n\tNonce =\"n\" , Response= \"x\" ");
        assertThat(List.of(c.username(), c.realm(), c.nonce(), c.response())).containsExactly("a", "r", "n", "x");
    }

    @Test
    void acceptsQuotedAlgorithmAndQopButRendersThemAsTokens() {
        DigestCredentials c = DigestCredentials.parse(
                "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", algorithm=\"SHA-256\", qop=\"auth-int\", "
                        + "cnonce=\"c\", nc=00000002");
        assertThat(c.algorithm()).contains(DigestAlgorithm.SHA_256);
        assertThat(c.qop()).isEqualTo("auth-int");
        assertThat(c.toString()).contains("algorithm=SHA-256, cnonce=\"c\", qop=auth-int, nc=00000002");
    }

    @Test
    void unescapesAndReescapesQuotedPairs() {
        DigestCredentials c = DigestCredentials.parse("Digest username=\"a\\\"b\\\\c\\d\", realm=\"r\", nonce=\"n\", response=\"x\"");
        assertThat(c.username()).isEqualTo("a\"b\\cd");
        assertThat(c.toString()).startsWith("Digest username=\"a\\\"b\\\\cd\", realm=\"r\"");
        assertThat(DigestCredentials.parse(c.toString())).isEqualTo(c);
    }

    @Test
    void keepsUnknownParametersInOrderAfterTheKnownOnes() {
        DigestCredentials c = DigestCredentials.parse(
                "Digest zeta=\"1\", username=\"a\", alpha=tok, realm=\"r\", nonce=\"n\", response=\"x\", mid=\"q v\"");
        assertThat(c.params()).containsExactly(AuthParam.quoted("zeta", "1"), AuthParam.token("alpha", "tok"),
                AuthParam.quoted("mid", "q v"));
        assertThat(c.param("ALPHA")).isEqualTo("tok");
        assertThat(c.param("nope")).isNull();
        assertThat(c.toString()).endsWith("response=\"x\", zeta=\"1\", alpha=tok, mid=\"q v\"");
    }

    @Test
    void unknownAlgorithmParsesButIsEmpty() {
        DigestCredentials c = DigestCredentials.parse("Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", algorithm=SHA3-256");
        assertThat(c.algorithmName()).isEqualTo("SHA3-256");
        assertThat(c.algorithm()).isEmpty();
    }

    @Test
    void decodesUsernameStar() {
        // RFC 7616 §3.9.2, second request.
        DigestCredentials c = DigestCredentials.parse("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"api@example.org\", "
                + "uri=\"/doe.json\", algorithm=SHA-512-256, nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", nc=00000001, "
                + "cnonce=\"NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v\", qop=auth, response=\"r\", userhash=false");
        assertThat(c.username()).isEqualTo("J\u00e4s\u00f8n Doe");
        assertThat(c.userhash()).isFalse();
        assertThat(c.toString()).startsWith("Digest username=\"J\u00e4s\u00f8n Doe\", realm=");
    }

    @Test
    void parsesFromAByteRange() {
        byte[] msg = "Authorization: Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"n\", response=\"x\"\r\nVia: x\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        int start = "Authorization: ".length();
        int end = new String(msg, StandardCharsets.US_ASCII).indexOf("\r\nVia");
        Credentials c = Credentials.parse(msg, start, end);
        assertThat(c).isEqualTo(DigestCredentials.parse("Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"n\", response=\"x\""));
        SipParseException e = catchThrowableOfType(SipParseException.class,
                () -> Credentials.parse(msg, start, start + 30));
        assertThat(withoutOffset(e.problem())).isEqualTo("parameter 'realm' has an unterminated quoted string");
        assertThat(e.offset()).isEqualTo(29);
    }

    @Test
    void roundTripsThroughToString() {
        for (String v : List.of(RFC7616_SHA256,
                "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                        + "uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
                        + "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
                "Digest username=\"x\", realm=\"\", nonce=\"n\", response=\"r\", userhash=true, foo=\"a,b\", bar=baz")) {
            DigestCredentials c = DigestCredentials.parse(v);
            assertThat(DigestCredentials.parse(c.toString())).isEqualTo(c);
            assertThat(DigestCredentials.parse(c.toString()).toString()).isEqualTo(c.toString());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|empty value",
        "`  \t `|empty value",
        "Digest username=\"abc|parameter 'username' has an unterminated quoted string",
        "Digest username=\"a\", realm=\"r\\\"|parameter 'realm' has an unterminated quoted string",
        "Digest username \"abc\"|missing '=' after parameter 'username'",
        "Digest username|missing '=' after parameter 'username'",
        "Digest realm=\"a\", username=\"u\", realm=\"b\"|duplicate parameter 'realm'",
        "Digest Realm=\"a\", REALM=\"b\"|duplicate parameter 'REALM'",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", nc=123|parameter 'nc' must be 8 hex digits",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", nc=0000000g|parameter 'nc' must be 8 hex digits",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", nc=000000001|parameter 'nc' must be 8 hex digits",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", nc=99999999999999999999|parameter 'nc' must be 8 hex digits",
        "Digest username=\"a\", realm=\"r\", response=\"x\"|missing parameter 'nonce'",
        "Digest|missing parameter 'username'",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", qop=auth, nc=00000001|missing parameter 'cnonce' (required with qop)",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", qop=auth, cnonce=\"c\"|missing parameter 'nc' (required with qop)",
        "Digest username=\"a\",, realm=\"r\"|expected a parameter name but found ','",
        "Digest username=\"a\",|expected a parameter name but the value ended",
        "Digest username=\"a\" realm=\"r\"|expected ',' after parameter 'username' but found 'r'",
        "Digest username=|parameter 'username' has no value (expected a token or quoted string)",
        "Digest username=,realm=\"r\"|parameter 'username' has no value (expected a token or quoted string)",
        "Digest,username=\"a\"|expected white space after the auth scheme but found ','",
        "=x|expected an auth scheme but found '='",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", userhash=maybe|parameter 'userhash' must be true or false",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\", algorithm=\"MD 5\"|parameter 'algorithm' must be a token",
        "Digest username=\"a\", username*=UTF-8''b, realm=\"r\"|parameter 'username*' must not be sent together with 'username'",
        "Digest username*=UTF-8'b, realm=\"r\"|parameter 'username*' is not a valid ext-value (RFC 8187)",
        "Digest username*=KOI8-R''b, realm=\"r\"|parameter 'username*' is not a valid ext-value (RFC 8187)",
        "Digest username*=UTF-8''%0D%0A, realm=\"r\"|parameter 'username*' is not a valid ext-value (RFC 8187)",
        "Digest username*=UTF-8''%G1, realm=\"r\"|parameter 'username*' is not a valid ext-value (RFC 8187)",
    })
    void rejectsMalformedInputNamingTheProblem(String value, String expected) {
        assertThat(problem(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Digest username=\"a\u0001\"", "Digest username=\"a\nb\"", "Digest username=\"a\u007f\""})
    void rejectsControlCharactersInQuotedStrings(String value) {
        assertThat(problem(value)).isEqualTo("parameter 'username' has a control character in its quoted string");
    }

    @Test
    void duplicateOffsetPointsAtTheRepeatedParameter() {
        SipParseException e = catchThrowableOfType(SipParseException.class,
                () -> Credentials.parse("Digest nonce=\"a\", nonce=\"b\""));
        assertThat(e.offset()).isEqualTo(18);
    }

    @Test
    void digestParseRejectsOtherSchemes() {
        assertThatThrownBy(() -> DigestCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="))
                .isInstanceOf(SipParseException.class).hasMessageContaining("expected the Digest scheme but found 'Basic'");
    }

    @Test
    void constructorValidatesProgrammaticValues() {
        assertThatThrownBy(() -> new DigestCredentials("a", "r", "n", "u", "x", "MD 5", null, null, null, null, false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm must be a token");
        assertThatThrownBy(() -> new DigestCredentials("a\r\n", "r", "n", "u", "x", null, null, null, null, null, false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username holds a control character");
        assertThatThrownBy(() -> new DigestCredentials("a", "r", "n", "u", "x", null, null, null, null, null, false,
                List.of(AuthParam.token("NONCE", "x")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 'NONCE' has its own field");
    }
}
