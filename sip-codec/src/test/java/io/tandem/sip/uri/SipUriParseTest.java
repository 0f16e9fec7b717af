package io.tandem.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Valid sip/sips URIs (RFC 3261 §19.1.1, §25.1; RFC 4475 §3.1.1). */
class SipUriParseTest {

    private static SipUri sip(String s) {
        return (SipUri) Uri.parse(s);
    }

    @Test
    void allComponents() {
        SipUri u = sip("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1;ttl=15;method=INVITE;user=phone?subject=project%20x&priority=urgent");
        assertThat(u.secure()).isTrue();
        assertThat(u.scheme()).isEqualTo("sips");
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("secret");
        assertThat(u.host()).isEqualTo("atlanta.example.com");
        assertThat(u.port()).isEqualTo(5061);
        assertThat(u.transport()).isEqualTo("tcp");
        assertThat(u.lr()).isTrue();
        assertThat(u.maddr()).isEqualTo("239.255.255.1");
        assertThat(u.ttl()).isEqualTo(15);
        assertThat(u.method()).isEqualTo("INVITE");
        assertThat(u.userParam()).isEqualTo("phone");
        assertThat(u.params().names()).containsExactly("transport", "lr", "maddr", "ttl", "method", "user");
        assertThat(u.params().has("lr")).isTrue();
        assertThat(u.params().get("lr")).isNull();
        assertThat(u.headersRaw()).isEqualTo("subject=project%20x&priority=urgent");
        assertThat(u.headers()).containsExactly(entry("subject", "project x"), entry("priority", "urgent"));
        assertThat(u.header("Subject")).isEqualTo("project x");
        assertThat(u.header("to")).isNull();
        assertThat(u.hostIsNumeric()).isFalse();
    }

    @Test
    void minimalUriHasNoOptionalParts() {
        SipUri u = sip("sip:example.com");
        assertThat(u.user()).isNull();
        assertThat(u.userDecoded()).isNull();
        assertThat(u.password()).isNull();
        assertThat(u.port()).isEqualTo(-1);
        assertThat(u.params().isEmpty()).isTrue();
        assertThat(u.headersRaw()).isNull();
        assertThat(u.headers()).isEmpty();
        assertThat(u.ttl()).isEqualTo(-1);
        assertThat(u.lr()).isFalse();
        assertThat(u.transport()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIP:alice@example.com", "Sip:alice@example.com", "sIp:alice@example.com"})
    void schemeIsCaseInsensitiveAndTextIsKept(String s) {
        SipUri u = sip(s);
        assertThat(u.secure()).isFalse();
        assertThat(u.scheme()).isEqualTo("sip");
        assertThat(u.toString()).isEqualTo(s);
    }

    @Test
    void sipsSchemeAnyCase() {
        assertThat(sip("SIPS:bob@biloxi.example.com").secure()).isTrue();
        assertThat(sip("Sips:bob@biloxi.example.com").scheme()).isEqualTo("sips");
    }

    @Test
    void toStringReproducesTheParsedTextExactly() {
        String s = "sip:%61lice@AtLanTa.CoM:05060;Transport=TCP;lr;x=%41?Subject=a%20b";
        SipUri u = sip(s);
        assertThat(u.toString()).isEqualTo(s);
        assertThat(u.port()).isEqualTo(5060);
    }

    @Test
    void escapedUserFromRfc4475() {
        // RFC 4475 torture message esc01: the user part is the escaped form of "sips:user@example.com"
        SipUri u = sip("sip:sips%3Auser%40example.com@example.net");
        assertThat(u.user()).isEqualTo("sips%3Auser%40example.com");
        assertThat(u.userDecoded()).isEqualTo("sips:user@example.com");
        assertThat(u.host()).isEqualTo("example.net");
        assertThat(u.secure()).isFalse();
        assertThat(u.password()).isNull();
    }

    @Test
    void escapedNulInUser() {
        // RFC 4475 torture message escnull
        SipUri u = sip("sip:null-%00-null@example.com");
        assertThat(u.user()).isEqualTo("null-%00-null");
        assertThat(u.userDecoded()).isEqualTo("null-\u0000-null");
    }

    @Test
    void userWithSemicolonParameters() {
        // RFC 4475 torture message semiuri: ';' before '@' belongs to the user part
        SipUri u = sip("sip:user;par=u%40example.net@example.com");
        assertThat(u.user()).isEqualTo("user;par=u%40example.net");
        assertThat(u.userDecoded()).isEqualTo("user;par=u@example.net");
        assertThat(u.host()).isEqualTo("example.com");
        assertThat(u.params().isEmpty()).isTrue();
    }

    @Test
    void firstAtEndsTheUserinfo() {
        // '@' may not appear unescaped in parameters or headers, so this is user "host;maddr=x?to=a"
        SipUri u = sip("sip:host;maddr=x?to=a@b.example");
        assertThat(u.user()).isEqualTo("host;maddr=x?to=a");
        assertThat(u.host()).isEqualTo("b.example");
        assertThat(u.maddr()).isNull();
    }

    @Test
    void telephoneSubscriberUser() {
        SipUri u = sip("sip:+1-212-555-1212;isub=123;postd=pp22@gateway.example.com;user=phone");
        assertThat(u.user()).isEqualTo("+1-212-555-1212;isub=123;postd=pp22");
        assertThat(u.host()).isEqualTo("gateway.example.com");
        assertThat(u.userParam()).isEqualTo("phone");
        assertThat(u.params().size()).isEqualTo(1);
    }

    @Test
    void userMayContainEveryUserUnreservedCharacter() {
        SipUri u = sip("sip:a&b=c+d$e,f;g?h/i-j_k.l!m~n*o'p(q)r@example.com");
        assertThat(u.user()).isEqualTo("a&b=c+d$e,f;g?h/i-j_k.l!m~n*o'p(q)r");
        assertThat(u.host()).isEqualTo("example.com");
    }

    @Test
    void passwordWithEscapesAndPunctuation() {
        SipUri u = sip("sip:alice:p%40ss&=+$,w@example.com");
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("p%40ss&=+$,w");
        assertThat(sip("sip:alice:@example.com").password()).isEmpty();
    }

    @Test
    void headersWithEscapedUriAndEmptyValue() {
        // an escaped URI inside a header value, as in RFC 4475's escruri Request-URI
        SipUri u = sip("sip:user@example.com?Route=%3Csip:example.com%3E&Subject=");
        assertThat(u.headers()).containsExactly(entry("Route", "<sip:example.com>"), entry("Subject", ""));
        assertThat(u.header("route")).isEqualTo("<sip:example.com>");
    }

    @Test
    void paramValuesMayHoldParamUnreservedCharacters() {
        SipUri u = sip("sip:example.com;maddr=[2001:db8::1];x=a/b:c&d+e$f;y=%3B");
        assertThat(u.maddr()).isEqualTo("[2001:db8::1]");
        assertThat(u.param("x")).isEqualTo("a/b:c&d+e$f");
        assertThat(u.param("Y")).isEqualTo("%3B");
    }

    @Test
    void unknownFlagParameter() {
        SipUri u = sip("sip:vivekg@chair-dnrc.example.com;unknownparam");
        assertThat(u.params().has("unknownparam")).isTrue();
        assertThat(u.param("unknownparam")).isNull();
    }

    @Test
    void hostKinds() {
        assertThat(sip("sip:192.0.2.4").hostIsNumeric()).isTrue();
        assertThat(sip("sip:192.0.2.4").hostIsIPv6()).isFalse();
        assertThat(sip("sip:[2001:db8::1]").hostIsIPv6()).isTrue();
        assertThat(sip("sip:[2001:db8::1]").hostIsNumeric()).isTrue();
        assertThat(sip("sip:example.com.").host()).isEqualTo("example.com.");
        assertThat(sip("sip:a-1.b2.example").hostIsNumeric()).isFalse();
        assertThat(sip("sip:localhost").host()).isEqualTo("localhost");
    }

    @Test
    void portBoundaries() {
        assertThat(sip("sip:example.com:0").port()).isZero();
        assertThat(sip("sip:example.com:65535").port()).isEqualTo(65535);
        assertThat(sip("sip:[::1]:5060").port()).isEqualTo(5060);
    }

    @Test
    void ipv6ReferenceKeepsBrackets() {
        // RFC 5118 §4.1 (ipv6-good)
        SipUri u = sip("sip:[2001:db8::10]");
        assertThat(u.host()).isEqualTo("[2001:db8::10]");
        assertThat(u.port()).isEqualTo(-1);
        assertThat(u.user()).isNull();
    }

    @Test
    void rfc5118PortAmbiguousIsAnAddressWithoutPort() {
        // RFC 5118 §4.3: the last group is part of the address
        SipUri u = sip("sip:[2001:db8::10:5070]");
        assertThat(u.host()).isEqualTo("[2001:db8::10:5070]");
        assertThat(u.port()).isEqualTo(-1);
    }

    @Test
    void rfc5118PortUnambiguous() {
        SipUri u = sip("sip:[2001:db8::10]:5070");
        assertThat(u.host()).isEqualTo("[2001:db8::10]");
        assertThat(u.port()).isEqualTo(5070);
    }

    @Test
    void ipv6WithEmbeddedIPv4() {
        assertThat(sip("sip:user@[2001:db8::9:255.1.2.3]").host()).isEqualTo("[2001:db8::9:255.1.2.3]");
        assertThat(sip("sip:ted@[::ffff:192.0.2.2]").host()).isEqualTo("[::ffff:192.0.2.2]");
        assertThat(sip("sip:user@[2001:db8::192.0.2.1]").hostIsIPv6()).isTrue();
    }

    @Test
    void rfc5118ThreeColonsAreTolerated() {
        // RFC 5118 §4.10: RFC 3261's ABNF admits hexpart ":" IPv4address, giving ":::"
        SipUri three = sip("sip:user@[2001:db8:::192.0.2.1]");
        SipUri two = sip("sip:user@[2001:db8::192.0.2.1]");
        assertThat(three.host()).isEqualTo("[2001:db8:::192.0.2.1]");
        assertThat(three.equivalentTo(two)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::]", "[::1]", "[1::]", "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7::]", "[::2:3:4:5:6:7:8]",
        "[FE80::0202:B3FF:FE1E:8329]", "[1:2:3:4:5:6:1.2.3.4]", "[::1.2.3.4]", "[::ffff:0:10.0.0.1]", "[abcd:ef01::9]"})
    void validIPv6References(String host) {
        assertThat(sip("sip:" + host).host()).isEqualTo(host);
    }

    @Test
    void parsesExactlyTheGivenRange() {
        byte[] msg = "Contact: <sip:bob@biloxi.example.com;transport=udp>;expires=60".getBytes(StandardCharsets.US_ASCII);
        Uri u = UriParser.parse(msg, 10, 50);
        assertThat(u).isInstanceOf(SipUri.class);
        assertThat(u.toString()).isEqualTo("sip:bob@biloxi.example.com;transport=udp");
        assertThat(((SipUri) u).transport()).isEqualTo("udp");
    }

    @Test
    void errorOffsetIsRelativeToTheRange() {
        byte[] msg = "To: <sip:us er@example.com>".getBytes(StandardCharsets.US_ASCII);
        try {
            UriParser.parse(msg, 5, 26);
        } catch (SipParseException e) {
            assertThat(e.offset()).isEqualTo(6);
            assertThat(e.problem()).startsWith("unescaped space in user part");
            return;
        }
        throw new AssertionError("not rejected");
    }

    @Test
    void sipUriParseRejectsOtherSchemes() {
        assertThat(SipUri.parse("sip:x.example").host()).isEqualTo("x.example");
        try {
            SipUri.parse("tel:+1-212");
        } catch (SipParseException e) {
            assertThat(e.where()).isEqualTo("sip URI");
            assertThat(e.problem()).startsWith("not a sip or sips URI");
            return;
        }
        throw new AssertionError("not rejected");
    }
}
