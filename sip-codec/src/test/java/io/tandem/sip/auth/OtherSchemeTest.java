package io.tandem.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.sip.SipParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schemes other than Digest must parse so that a server can answer 401 (RFC 4475 §3.3.7). */
class OtherSchemeTest {
    @Test
    void parsesTheRfc4475UnknownSchemeCredentials() {
        Credentials c = Credentials.parse("NoOneKnowsThisScheme opaque-data=here");
        assertThat(c).isInstanceOf(OtherCredentials.class);
        OtherCredentials o = (OtherCredentials) c;
        assertThat(o.scheme()).isEqualTo("NoOneKnowsThisScheme");
        assertThat(o.token68()).isNull();
        assertThat(o.params()).containsExactly(AuthParam.token("opaque-data", "here"));
        assertThat(o.param("OPAQUE-DATA")).isEqualTo("here");
        assertThat(o).hasToString("NoOneKnowsThisScheme opaque-data=here");
    }

    @Test
    void dispatchesOnSchemeCaseInsensitively() {
        Credentials c = Credentials.parse("DIGEST username=\"a\", realm=\"r\", nonce=\"n\", response=\"x\"");
        String kind = switch (c) {
            case DigestCredentials d -> "digest " + d.username();
            case OtherCredentials o -> "other " + o.scheme();
        };
        assertThat(kind).isEqualTo("digest a");
    }

    @Test
    void parsesToken68Credentials() {
        // RFC 8898 Bearer and RFC 7617 Basic use token68 (RFC 7235 §2.1).
        OtherCredentials bearer = (OtherCredentials) Credentials.parse("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln");
        assertThat(bearer.scheme()).isEqualTo("Bearer");
        assertThat(bearer.token68()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln");
        assertThat(bearer.params()).isEmpty();
        OtherCredentials basic = OtherCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==  ");
        assertThat(basic.token68()).isEqualTo("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assertThat(basic).hasToString("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void parsesSchemeWithoutParameters() {
        OtherCredentials o = (OtherCredentials) Credentials.parse("  Negotiate ");
        assertThat(o.scheme()).isEqualTo("Negotiate");
        assertThat(o.token68()).isNull();
        assertThat(o.params()).isEmpty();
        assertThat(o).hasToString("Negotiate");
    }

    @Test
    void parsesOtherChallengesWithQuotedParams() {
        Challenge c = Challenge.parse("Bearer realm=\"atlanta.com\", scope=\"sip:alice@atlanta.com\" , error=invalid_token");
        OtherChallenge o = (OtherChallenge) c;
        assertThat(o.scheme()).isEqualTo("Bearer");
        assertThat(o.params()).containsExactly(AuthParam.quoted("realm", "atlanta.com"),
                AuthParam.quoted("scope", "sip:alice@atlanta.com"), AuthParam.token("error", "invalid_token"));
        assertThat(o).hasToString("Bearer realm=\"atlanta.com\", scope=\"sip:alice@atlanta.com\", error=invalid_token");
        assertThat(Challenge.parse(o.toString())).isEqualTo(o);
    }

    @Test
    void challengeDispatch() {
        assertThat(Challenge.parse("Digest realm=\"r\", nonce=\"n\"")).isInstanceOf(DigestChallenge.class);
        assertThat(Challenge.parse("Basic realm=\"r\"")).isInstanceOf(OtherChallenge.class);
        assertThat(OtherChallenge.parse("Basic realm=\"r\"").param("realm")).isEqualTo("r");
    }

    @Test
    void otherSchemesStillRejectMalformedParams() {
        assertThatThrownBy(() -> Credentials.parse("Foo a=1, a=2"))
                .isInstanceOf(SipParseException.class).hasMessageContaining("duplicate parameter 'a'");
        assertThatThrownBy(() -> Credentials.parse("Foo a=\"1"))
                .isInstanceOf(SipParseException.class).hasMessageContaining("parameter 'a' has an unterminated quoted string");
        assertThatThrownBy(() -> Challenge.parse("Foo a b"))
                .isInstanceOf(SipParseException.class).hasMessageContaining("missing '=' after parameter 'a'");
        assertThatThrownBy(() -> OtherCredentials.parse("Digest realm=\"r\""))
                .isInstanceOf(SipParseException.class).hasMessageContaining("expected a scheme other than Digest");
        assertThatThrownBy(() -> OtherChallenge.parse("digest realm=\"r\""))
                .isInstanceOf(SipParseException.class).hasMessageContaining("expected a scheme other than Digest");
    }

    @Test
    void constructorsValidate() {
        assertThatThrownBy(() -> new OtherCredentials("Digest", null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Digest has its own type");
        assertThatThrownBy(() -> new OtherChallenge("Foo", "abc", List.of(AuthParam.token("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusive");
        assertThatThrownBy(() -> new OtherChallenge("Foo", "a=b", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a token68");
        assertThatThrownBy(() -> AuthParam.token("a", "b c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a must be a token");
        assertThat(AuthParam.quoted("a", "x\"y\\")).hasToString("a=\"x\\\"y\\\\\"");
    }
}
