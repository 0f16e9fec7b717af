package io.tandem.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** URIs of other schemes (RFC 3261 §25.1 absoluteURI), e.g. RFC 4475's unksm messages. */
class AbsoluteUriTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "soap.beep://192.0.2.103:3002|soap.beep|//192.0.2.103:3002",
        "isbn:2983792873|isbn|2983792873",
        "http://www.example.com/alice/photo.jpg?size=1&x=%20|http|//www.example.com/alice/photo.jpg?size=1&x=%20",
        "mailto:carol@chicago.example.com|mailto|carol@chicago.example.com",
        "urn:service:sos|urn|service:sos",
        "HTTP://[2001:db8::1]:8080/a#frag|http|//[2001:db8::1]:8080/a#frag",
        "im:alice@example.com|im|alice@example.com",
        "sipx:alice@example.com|sipx|alice@example.com",
        "si:x|si|x",
        "telx:+1|telx|+1",
    })
    void otherSchemesStayOpaque(String text, String scheme, String rest) {
        Uri u = Uri.parse(text);
        assertThat(u).isInstanceOf(AbsoluteUri.class);
        AbsoluteUri a = (AbsoluteUri) u;
        assertThat(a.scheme()).isEqualTo(scheme);
        assertThat(a.schemeSpecificPart()).isEqualTo(rest);
        assertThat(a.toString()).isEqualTo(text);
    }

    @Test
    void dispatchBySchemeIgnoresCase() {
        assertThat(Uri.parse("SIP:a@b.example")).isInstanceOf(SipUri.class);
        assertThat(Uri.parse("sIpS:a@b.example")).isInstanceOf(SipUri.class);
        assertThat(Uri.parse("Tel:+1")).isInstanceOf(TelUri.class);
        assertThat(Uri.parse("sip.x:y")).isInstanceOf(AbsoluteUri.class);
    }

    @Test
    void schemeAsWrittenAndEquality() {
        AbsoluteUri a = (AbsoluteUri) Uri.parse("HTTP://example.com/");
        assertThat(a.schemeAsWritten()).isEqualTo("HTTP");
        assertThat(a).isEqualTo(Uri.parse("http://example.com/")).hasSameHashCodeAs(Uri.parse("http://example.com/"));
        assertThat(a).isNotEqualTo(Uri.parse("http://EXAMPLE.com/"));
    }

    @Test
    void factory() {
        assertThat(AbsoluteUri.of("urn", "service:sos").toString()).isEqualTo("urn:service:sos");
        assertThatThrownBy(() -> AbsoluteUri.of("1x", "y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AbsoluteUri.of("http", "a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AbsoluteUri.of("sip", "a@b.example")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("own URI class");
    }
}
