package io.tandem.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** Building new SIP URIs and copies with changed components. */
class SipUriBuilderTest {

    @Test
    void ofBuildsAndRenders() {
        SipUri u = SipUri.of("alice", "atlanta.example.com");
        assertThat(u.toString()).isEqualTo("sip:alice@atlanta.example.com");
        assertThat(u.port()).isEqualTo(-1);
        SipUri s = SipUri.of(true, null, "192.0.2.1", 5061);
        assertThat(s.toString()).isEqualTo("sips:192.0.2.1:5061");
        assertThat(s.hostIsNumeric()).isTrue();
    }

    @Test
    void ofAddsBracketsToIPv6() {
        SipUri u = SipUri.of(false, "bob", "2001:db8::1", 5060);
        assertThat(u.host()).isEqualTo("[2001:db8::1]");
        assertThat(u.hostIsIPv6()).isTrue();
        assertThat(u.toString()).isEqualTo("sip:bob@[2001:db8::1]:5060");
    }

    @Test
    void ofRejectsInvalidComponents() {
        assertThatThrownBy(() -> SipUri.of("al ice", "example.com")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("unescaped space in user part");
        assertThatThrownBy(() -> SipUri.of("alice", "exa mple.com")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("invalid character ' ' in host");
        assertThatThrownBy(() -> SipUri.of("alice", "2001:db8:::1")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("invalid IPv6 reference");
        assertThatThrownBy(() -> SipUri.of(false, "alice", "example.com", 70000)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("port out of range");
        assertThatThrownBy(() -> SipUri.of("alice", "")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("empty host");
    }

    @Test
    void escapeUserMakesAnyTextUsable() {
        String escaped = SipUri.escapeUser("sips:user@example.com 50%");
        assertThat(escaped).isEqualTo("sips%3Auser%40example.com%2050%25");
        SipUri u = SipUri.of(escaped, "example.net");
        assertThat(u.userDecoded()).isEqualTo("sips:user@example.com 50%");
        assertThat(SipUri.escapeUser("+1-212;isub=1")).isEqualTo("+1-212;isub=1");
        assertThat(SipUri.escapeUser("\u00e9")).isEqualTo("%C3%A9");
        assertThat(SipUri.parse("sip:%C3%A9@x.example").userDecoded()).isEqualTo("\u00e9");
    }

    @Test
    void withMethodsReturnNewInstances() {
        SipUri orig = SipUri.parse("sip:alice:pw@atlanta.com:5060;transport=tcp;lr?subject=x");
        SipUri u = orig.withUser("bob").withHost("biloxi.com").withPort(5070);
        assertThat(u.toString()).isEqualTo("sip:bob:pw@biloxi.com:5070;transport=tcp;lr?subject=x");
        assertThat(orig.toString()).isEqualTo("sip:alice:pw@atlanta.com:5060;transport=tcp;lr?subject=x");
        assertThat(orig.withUser(null).toString()).isEqualTo("sip:atlanta.com:5060;transport=tcp;lr?subject=x");
        assertThat(orig.withPort(-1).port()).isEqualTo(-1);
        assertThat(orig.withSecure(true).toString()).startsWith("sips:alice:pw@");
        assertThat(orig.withPassword(null).password()).isNull();
        assertThat(orig.withoutHeaders().toString()).isEqualTo("sip:alice:pw@atlanta.com:5060;transport=tcp;lr");
        assertThat(orig.withoutHeaders().headers()).isEmpty();
        assertThat(orig.withoutParams().toString()).isEqualTo("sip:alice:pw@atlanta.com:5060?subject=x");
        assertThat(orig.withHeaders("to=sip:bob%40biloxi.com").headers()).containsExactly(entry("to", "sip:bob@biloxi.com"));
    }

    @Test
    void withParamReplacesInPlaceOrAppends() {
        SipUri u = SipUri.parse("sip:proxy.example.com;transport=udp;lr");
        assertThat(u.withParam("Transport", "tcp").toString()).isEqualTo("sip:proxy.example.com;transport=tcp;lr");
        assertThat(u.withParam("maddr", "[2001:db8::1]").toString()).isEqualTo("sip:proxy.example.com;transport=udp;lr;maddr=[2001:db8::1]");
        assertThat(u.withParam("ob", null).toString()).isEqualTo("sip:proxy.example.com;transport=udp;lr;ob");
        assertThat(u.withoutParam("LR").toString()).isEqualTo("sip:proxy.example.com;transport=udp");
        assertThat(u.withoutParam("nope")).isSameAs(u);
        assertThat(u.withParam("ttl", "5").ttl()).isEqualTo(5);
    }

    @Test
    void withRejectsInvalidValues() {
        SipUri u = SipUri.parse("sip:alice@atlanta.com");
        assertThatThrownBy(() -> u.withParam("a b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u.withParam("x", "a;b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u.withParam("x", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u.withParam("ttl", "300")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("ttl is not a number");
        assertThatThrownBy(() -> u.withUser("a@b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u.withPassword("a:b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u.withUser(null).withPassword("pw")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("needs a user part");
        assertThatThrownBy(() -> u.withHeaders("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u.withHost("a;b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u.withPort(-2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builtUrisParseBackToEqualComponents() {
        SipUri built = SipUri.of(true, "+1-212-555-0101;isub=1", "2001:db8::9:255.1.2.3", 5061)
            .withPassword("pw").withParam("user", "phone").withParam("lr", null).withHeaders("Subject=a%20b");
        SipUri parsed = SipUri.parse(built.toString());
        assertThat(parsed).isEqualTo(built);
        assertThat(parsed.equivalentTo(built)).isTrue();
        assertThat(parsed.toString()).isEqualTo("sips:+1-212-555-0101;isub=1:pw@[2001:db8::9:255.1.2.3]:5061;user=phone;lr?Subject=a%20b");
    }
}
