package io.tandem.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever the bytes, the parser returns a URI whose text is the input, or throws SipParseException. */
class UriParserProperties {

    @Property(tries = 3000)
    void onlySipParseExceptionEscapes(@ForAll("uriLike") byte[] input) {
        checkAnyInput(input);
    }

    @Property(tries = 1000)
    void truncatedAndMutatedValidUrisFailCleanly(@ForAll("valid") String text, @ForAll @IntRange(min = 0, max = 200) int cut,
                                                   @ForAll("uriChar") char insert) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        int at = Math.min(cut, b.length);
        checkAnyInput(java.util.Arrays.copyOf(b, at));
        byte[] m = new byte[b.length + 1];
        System.arraycopy(b, 0, m, 0, at);
        m[at] = (byte) insert;
        System.arraycopy(b, at, m, at + 1, b.length - at);
        checkAnyInput(m);
    }

    @Property(tries = 500)
    void ipv6TextualFormsParseToTheSameAddress(@ForAll("addresses") byte[] addr) {
        for (int mode = 0; mode < 3; mode++) {
            String text = Generators.ipv6Text(addr, mode);
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[16];
            assertThat(Hosts.parseIPv6(b, 0, b.length, out)).as(text).isTrue();
            assertThat(out).as(text).isEqualTo(addr);
            SipUri u = SipUri.parse("sip:[" + text.toUpperCase(java.util.Locale.ROOT) + "]");
            assertThat(u.equivalentTo(SipUri.parse("sip:[" + Generators.ipv6Text(addr, 0) + "]"))).as(text).isTrue();
        }
    }

    private static void checkAnyInput(byte[] input) {
        Uri u;
        try {
            u = UriParser.parse(input, 0, input.length);
        } catch (SipParseException e) {
            assertThat(e.offset()).isBetween(-1, input.length);
            return;
        }
        // accepted input is ASCII, and rendering gives it back byte for byte
        assertThat(u.toString().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(input);
        assertThat(Uri.parse(u.toString())).isEqualTo(u);
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        return Generators.ipv6();
    }

    @Provide
    Arbitrary<Character> uriChar() {
        return Arbitraries.of(':', '@', ';', '?', '=', '&', '%', '[', ']', '.', '+', '-', ' ', '<', '#', '0', 'a', 'F', '\u0000');
    }

    @Provide
    Arbitrary<byte[]> uriLike() {
        Arbitrary<String> prefix = Arbitraries.of("sip:", "sips:", "tel:", "tel:+", "SIP:", "http:", "x:", "", "sip:[", "sip:a@[");
        Arbitrary<String> body = Arbitraries.strings().withChars("sipetl:+@;?=&%[]./-0123456789abcdefABCDEF(),*#$!~'_ <>\"\u00e9")
            .ofMaxLength(40);
        Arbitrary<byte[]> text = net.jqwik.api.Combinators.combine(prefix, body).as((p, s) -> (p + s).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(text, Arbitraries.bytes().array(byte[].class).ofMaxSize(30));
    }

    @Provide
    Arbitrary<String> valid() {
        return Arbitraries.of(
            "sip:alice:pw@atlanta.example.com:5060;transport=tcp;lr;ttl=5?subject=a%20b&x=",
            "sips:+1-212-555-1212;isub=1@[2001:db8::9:255.1.2.3]:5061;user=phone",
            "sip:[2001:db8:::192.0.2.1];maddr=[::1]",
            "sip:192.0.2.4:0",
            "tel:+1-201-555-0123;ext=22;isub=a?b;phone-context=+1",
            "tel:*67#;phone-context=example.com",
            "http://www.example.com/a?b=c#d");
    }
}
