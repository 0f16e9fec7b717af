package io.tandem.sip.uri;

import static io.tandem.sip.uri.Rejects.reject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** tel URIs, RFC 3966. */
class TelUriTest {

    private static TelUri tel(String s) {
        return (TelUri) Uri.parse(s);
    }

    @Test
    void globalNumber() {
        TelUri t = tel("tel:+1-201-555-0123");
        assertThat(t.scheme()).isEqualTo("tel");
        assertThat(t.isGlobal()).isTrue();
        assertThat(t.number()).isEqualTo("+1-201-555-0123");
        assertThat(t.normalizedNumber()).isEqualTo("+12015550123");
        assertThat(t.params().isEmpty()).isTrue();
        assertThat(t.toString()).isEqualTo("tel:+1-201-555-0123");
    }

    @Test
    void localNumberWithContextAndParameters() {
        // RFC 3966 §6 examples
        TelUri t = tel("tel:7042;phone-context=example.com");
        assertThat(t.isGlobal()).isFalse();
        assertThat(t.phoneContext()).isEqualTo("example.com");
        assertThat(t.normalizedNumber()).isEqualTo("7042");
        TelUri u = tel("tel:863-1234;phone-context=+1-914-555");
        assertThat(u.phoneContext()).isEqualTo("+1-914-555");
        assertThat(u.normalizedNumber()).isEqualTo("8631234");
    }

    @Test
    void extIsubAndOtherParameters() {
        TelUri t = tel("TEL:+1(212)555.0101;ext=22;isub=12/34%20ab;foo=bar;flag");
        assertThat(t.number()).isEqualTo("+1(212)555.0101");
        assertThat(t.normalizedNumber()).isEqualTo("+12125550101");
        assertThat(t.ext()).isEqualTo("22");
        assertThat(t.isub()).isEqualTo("12/34%20ab");
        assertThat(t.param("FOO")).isEqualTo("bar");
        assertThat(t.params().has("flag")).isTrue();
        assertThat(t.params().names()).containsExactly("ext", "isub", "foo", "flag");
        assertThat(t.toString()).isEqualTo("TEL:+1(212)555.0101;ext=22;isub=12/34%20ab;foo=bar;flag");
    }

    @Test
    void localNumbersMayHoldHexStarAndHash() {
        TelUri t = tel("tel:*67-ABc#;phone-context=example.com");
        assertThat(t.normalizedNumber()).isEqualTo("*67ABc#");
        assertThat(tel("tel:%2367;phone-context=example.com").normalizedNumber()).isEqualTo("#67");
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "tel:+1-201-555-0123|tel:+12015550123",
        "tel:+1-201-555-0123;ext=1-2|tel:+1.201.555.0123;EXT=12",
        "tel:7042;phone-context=Example.COM|tel:7042;phone-context=example.com",
        "tel:7042;phone-context=+1-914-555|tel:70-42;phone-context=+1914555",
        "tel:+1;foo=Bar;isub=a|tel:+1;isub=A;FOO=bar",
        "tel:+1;x=%41|tel:+1;x=a",
        "tel:abc;phone-context=example.com|tel:ABC;phone-context=example.com",
    })
    void equivalent(String a, String b) {
        assertThat(tel(a).equivalentTo(tel(b))).isTrue();
        assertThat(tel(b).equivalentTo(tel(a))).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "tel:+1-201-555-0123|tel:+1-201-555-0124",
        "tel:+12015550123|tel:12015550123;phone-context=+1",
        "tel:+1;ext=1|tel:+1",
        "tel:+1;ext=1|tel:+1;ext=2",
        "tel:+1;foo=1|tel:+1;bar=1",
        "tel:+1;foo|tel:+1;foo=1",
        "tel:7042;phone-context=example.com|tel:7042;phone-context=example.net",
    })
    void notEquivalent(String a, String b) {
        assertThat(tel(a).equivalentTo(tel(b))).isFalse();
        assertThat(tel(b).equivalentTo(tel(a))).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "tel:|empty telephone number",
        "tel:;ext=1|empty telephone number",
        "tel:+|global number without digits",
        "tel:+-.()|global number without digits",
        "tel:+1-x|invalid character 'x' in telephone number",
        "tel:+1A|invalid character 'A' in telephone number",
        "tel:-;phone-context=example.com|local number without digits",
        "tel:1234|local number without phone-context",
        "tel:1234;ext=5|local number without phone-context",
        "tel:1234;phone-context=|empty value of parameter phone-context",
        "tel:1234;phone-context=-bad.example|phone-context is neither a domain name nor a global number",
        "tel:1234;phone-context=+|phone-context is neither a domain name nor a global number",
        "tel:+1;ext=abc|ext is not a phone number",
        "tel:+1;ext|parameter ext needs a value",
        "tel:+1;isub|parameter isub needs a value",
        "tel:+1;ext=1;EXT=2|duplicate EXT parameter",
        "tel:1;phone-context=a.example;phone-context=b.example|duplicate phone-context parameter",
        "`tel:+1;a b`|invalid character ' ' in parameter name",
        "tel:+1;a_b=1|invalid character '_' in parameter name",
        "tel:+1;|empty parameter name",
        "tel:+1;=x|empty parameter name",
        "tel:+1;p=|empty value of parameter p",
        "tel:+1;p=a<b|invalid character '<' in parameter p",
        "tel:+1;p=a%2|invalid escape sequence in parameter p",
        "tel:+1;p=a?b|invalid character '?' in parameter p",
    })
    void invalid(String uri, String problem) {
        reject(uri, "tel URI", problem);
    }

    @Test
    void isubAllowsUricCharacters() {
        assertThat(tel("tel:+1;isub=a?b@c=d,e").isub()).isEqualTo("a?b@c=d,e");
    }

    @Test
    void builders() {
        assertThat(TelUri.of("+1-212-555-0101").toString()).isEqualTo("tel:+1-212-555-0101");
        TelUri local = TelUri.of("7042", "example.com");
        assertThat(local.toString()).isEqualTo("tel:7042;phone-context=example.com");
        assertThat(local.withParam("ext", "9").toString()).isEqualTo("tel:7042;phone-context=example.com;ext=9");
        assertThat(local.withParam("ext", "9").withoutParam("ext")).isEqualTo(local);
        assertThatThrownBy(() -> TelUri.of("7042")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("local number without phone-context");
        assertThatThrownBy(() -> local.withoutParam("phone-context")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TelUri.of("+1;ext=2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> local.withParam("x", "a;b=c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> local.withParam("ext", "x")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("ext is not a phone number");
    }

    @Test
    void structuralEquals() {
        assertThat(tel("tel:+1-212")).isEqualTo(tel("TEL:+1-212")).hasSameHashCodeAs(tel("TEL:+1-212"));
        assertThat(tel("tel:+1-212")).isNotEqualTo(tel("tel:+1212"));
        assertThat(TelUri.parse("tel:+1").number()).isEqualTo("+1");
        assertThatThrownBy(() -> TelUri.parse("sip:a@b.example")).hasMessageContaining("not a tel URI");
    }
}
