package io.tandem.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** URI comparison, RFC 3261 §19.1.4, including every example pair listed there. */
class SipUriEquivalenceTest {

    private static boolean eq(String a, String b) {
        SipUri x = SipUri.parse(a);
        SipUri y = SipUri.parse(b);
        boolean r = x.equivalentTo(y);
        assertThat(y.equivalentTo(x)).as("symmetry of %s ~ %s", a, b).isEqualTo(r);
        return r;
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        // RFC 3261 §19.1.4, "the URIs within each of the following sets are equivalent"
        "sip:%61lice@atlanta.com;transport=TCP|sip:alice@AtLanTa.CoM;Transport=tcp",
        "sip:carol@chicago.com|sip:carol@chicago.com;newparam=5",
        "sip:carol@chicago.com|sip:carol@chicago.com;security=on",
        "sip:carol@chicago.com;newparam=5|sip:carol@chicago.com;security=on",
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com|sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent|sip:alice@atlanta.com?priority=urgent&subject=project%20x",
        // further cases of the same rules
        "SIP:alice@atlanta.com|sip:alice@atlanta.com",
        "sip:alice:pw@atlanta.com|sip:alice:%70w@atlanta.com",
        "sip:alice@atlanta.com;maddr=239.255.255.1|sip:alice@atlanta.com;MADDR=239.255.255.1",
        "sip:alice@atlanta.com;ttl=1;lr|sip:alice@atlanta.com;ttl=1",
        "sip:alice@atlanta.com;user=phone|sip:alice@atlanta.com;user=Phone",
        "sip:alice@atlanta.com;x=%41|sip:alice@atlanta.com;X=a",
        "sip:alice@atlanta.com?Subject=a|sip:alice@atlanta.com?subject=a",
        "sip:alice@atlanta.com?subject=%61|sip:alice@atlanta.com?subject=a",
        "sip:user%3Bx@atlanta.com|sip:user%3bx@atlanta.com",
        "sip:[2001:db8::1]|sip:[2001:DB8:0:0:0:0:0:1]",
        "sip:[2001:db8::10:5070]|sip:[2001:0db8:0000::0010:5070]",
        "sip:[::ffff:192.0.2.2]|sip:[::FFFF:c000:202]",
        "sip:[2001:db8:::192.0.2.1]|sip:[2001:db8::c000:201]",
        "sip:192.0.2.4|sip:192.000.002.004",
        "sip:bob@[2001:db8::1]:5060;transport=udp|sip:bob@[2001:db8:0::1]:5060;transport=UDP",
    })
    void equivalent(String a, String b) {
        assertThat(eq(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        // RFC 3261 §19.1.4, "the URIs within each of the following sets are not equivalent"
        "SIP:ALICE@AtLanTa.CoM;Transport=udp|sip:alice@AtLanTa.CoM;Transport=UDP",
        "sip:bob@biloxi.com|sip:bob@biloxi.com:5060",
        "sip:bob@biloxi.com|sip:bob@biloxi.com;transport=udp",
        "sip:bob@biloxi.com|sip:bob@biloxi.com:6000;transport=tcp",
        "sip:carol@chicago.com|sip:carol@chicago.com?Subject=next%20meeting",
        "sip:bob@phone21.boxesbybob.com|sip:bob@192.0.2.4",
        // further cases of the same rules
        "sip:alice@atlanta.com|sips:alice@atlanta.com",
        "sip:atlanta.com|sip:alice@atlanta.com",
        "sip:alice@atlanta.com|sip:alice:pw@atlanta.com",
        "sip:alice:pw@atlanta.com|sip:alice:PW@atlanta.com",
        "sip:alice@atlanta.com;user=phone|sip:alice@atlanta.com",
        "sip:alice@atlanta.com;ttl=1|sip:alice@atlanta.com",
        "sip:alice@atlanta.com;method=INVITE|sip:alice@atlanta.com",
        "sip:alice@atlanta.com;maddr=239.255.255.1|sip:alice@atlanta.com",
        "sip:alice@atlanta.com;method=INVITE|sip:alice@atlanta.com;method=BYE",
        "sip:alice@atlanta.com;x=1|sip:alice@atlanta.com;x=2",
        "sip:alice@atlanta.com;lr|sip:alice@atlanta.com;lr=on",
        "sip:alice@atlanta.com?subject=a|sip:alice@atlanta.com?subject=a&priority=urgent",
        "sip:alice@atlanta.com?subject=a|sip:alice@atlanta.com?subject=A",
        "sip:user%3Bx@atlanta.com|sip:user;x@atlanta.com",
        "sip:[2001:db8::1]|sip:[2001:db8::2]",
        "sip:[::ffff:192.0.2.2]|sip:192.0.2.2",
        "sip:192.0.2.4|sip:192.0.2.5",
        "sip:example.com.|sip:example.com",
    })
    void notEquivalent(String a, String b) {
        assertThat(eq(a, b)).isFalse();
    }

    @Test
    void equivalenceIsNotTransitiveSoEqualsIsStructural() {
        SipUri a = SipUri.parse("sip:carol@chicago.com;x=1");
        SipUri b = SipUri.parse("sip:carol@chicago.com");
        SipUri c = SipUri.parse("sip:carol@chicago.com;x=2");
        assertThat(a.equivalentTo(b)).isTrue();
        assertThat(b.equivalentTo(c)).isTrue();
        assertThat(a.equivalentTo(c)).isFalse();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void nullIsNeverEquivalent() {
        assertThat(SipUri.parse("sip:a@b.example").equivalentTo(null)).isFalse();
    }

    @Test
    void structuralEquals() {
        SipUri a = SipUri.parse("SIP:alice@atlanta.com;Transport=tcp");
        SipUri b = SipUri.parse("sip:alice@atlanta.com;transport=tcp");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(SipUri.parse("sip:alice@atlanta.com;transport=TCP"));
        assertThat(a).isNotEqualTo(SipUri.parse("sip:%61lice@atlanta.com;transport=tcp"));
        assertThat(SipUri.parse("sip:a@b.example:05060")).isEqualTo(SipUri.parse("sip:a@b.example:5060"));
    }
}
