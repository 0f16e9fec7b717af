package io.tandem.sip.uri;

import static io.tandem.sip.uri.Rejects.reject;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid URIs: each is rejected with a SipParseException naming the element and the problem. */
class UriRejectTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "sip:|empty host",
        "sip:alice@|empty host",
        "sip:@example.com|empty user part",
        "sip::pw@example.com|empty user part",
        "`sip:us er@example.com`|unescaped space in user part",
        "sip:user%2@example.com|invalid escape sequence in user part",
        "sip:user%zz@example.com|invalid escape sequence in user part",
        "sip:user%@example.com|invalid escape sequence in user part",
        "sip:us<er@example.com|invalid character '<' in user part",
        "sip:us#er@example.com|invalid character '#' in user part",
        "sip:us[er@example.com|invalid character '[' in user part",
        "`sip:user:pa ss@example.com`|invalid character ' ' in password",
        "sip:user:pa:ss@example.com|invalid character ':' in password",
        "sip:user:p%4@example.com|invalid escape sequence in password",
        "sip:user@example.com:abc|port is not a number",
        "sip:user@example.com:50a|port is not a number",
        "sip:user@example.com:-1|port is not a number",
        "sip:user@example.com:|empty port",
        "sip:user@example.com:;lr|empty port",
        "sip:user@example.com:65536|port out of range",
        "sip:user@example.com:99999999999999999999|port out of range",
        "sip:user@example.com:5060:5070|port is not a number",
        "sip:2001:db8::10|IPv6 address must be enclosed in '[' ']'",
        "sip:user@2001:db8::10:5070|IPv6 address must be enclosed in '[' ']'",
        "sip:::1|IPv6 address must be enclosed in '[' ']'",
        "sip:user@[2001:db8::10|unterminated IPv6 reference",
        "sip:[]|invalid IPv6 reference",
        "sip:[example.com]|invalid IPv6 reference",
        "sip:[2001:db8:::10]|invalid IPv6 reference",
        "sip:[2001::db8::10]|invalid IPv6 reference",
        "sip:[1:2:3:4:5:6:7:8:9]|invalid IPv6 reference",
        "sip:[1:2:3:4:5:6:7]|invalid IPv6 reference",
        "sip:[1:2:3:4:5:6:7:8::]|invalid IPv6 reference",
        "sip:[12345::1]|invalid IPv6 reference",
        "sip:[:1::2]|invalid IPv6 reference",
        "sip:[1::2:]|invalid IPv6 reference",
        "sip:[::1.2.3]|invalid IPv6 reference",
        "sip:[::1.2.3.256]|invalid IPv6 reference",
        "sip:[1:2:3:4:5:6:7:1.2.3.4]|invalid IPv6 reference",
        "sip:[::1.2.3.4:5]|invalid IPv6 reference",
        "sip:[g::1]|invalid IPv6 reference",
        "sip:[::1]x|invalid character 'x' after host",
        "sip:[::1]]|invalid character ']' after host",
        "sip:user@example.com>|invalid character '>' in host",
        "`sip:user@example.com ;lr`|invalid character ' ' in host",
        "sip:user@exa_mple.com|invalid character '_' in host",
        "sip:user@exa/mple.com|invalid character '/' in host",
        "sip:user@-example.com|invalid host name",
        "sip:user@example-.com|invalid host name",
        "sip:user@example..com|invalid host name",
        "sip:user@.example.com|invalid host name",
        "sip:user@example.123|invalid host name",
        "sip:user@123abc|invalid host name",
        "sip:user@256.1.1.1|invalid IPv4 address",
        "sip:user@1.2.3|invalid IPv4 address",
        "sip:user@1.2.3.4.5|invalid IPv4 address",
        "sip:user@1.2.3.0001|invalid IPv4 address",
        "sip:user@1..3.4|invalid IPv4 address",
        "sip:example.com;|empty parameter name",
        "sip:example.com;=x|empty parameter name",
        "sip:example.com;lr;;x|empty parameter name",
        "sip:example.com;transport=|empty value of parameter transport",
        "`sip:example.com;a=b c`|invalid character ' ' in parameter a",
        "sip:example.com;a=b\"|invalid character '\"' in parameter a",
        "sip:example.com;a=%G1|invalid escape sequence in parameter",
        "sip:example.com;a%4|invalid escape sequence in parameter",
        "sip:example.com;a=b=c|invalid character '=' in parameter a",
        "sip:example.com;ttl=256|ttl is not a number from 0 to 255",
        "sip:example.com;ttl=abc|ttl is not a number from 0 to 255",
        "sip:example.com;ttl|ttl is not a number from 0 to 255",
        "sip:example.com?|empty header name",
        "sip:example.com?=x|empty header name",
        "sip:example.com?subject|header subject has no '='",
        "sip:example.com?a=b&c&d=e|header c has no '='",
        "sip:example.com?a=b&|empty header name",
        "`sip:example.com?a=b c`|invalid character ' ' in headers",
        "sip:example.com?a=b;c|invalid character ';' in headers",
        "sip:example.com?a=%2|invalid escape sequence in headers",
        "sip:example.com?a=b<c|invalid character '<' in headers",
        "sip:example.com?<|invalid character '<' in headers",
        "sip:example.com;<|invalid character '<' in parameter name",
        "sips:|empty host",
    })
    void invalidSipUris(String uri, String problem) {
        reject(uri, "sip URI", problem);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|empty URI",
        "example.com|missing scheme",
        "alice@example.com|invalid character '@' in scheme",
        "<sip:user@example.com>|invalid character '<' in scheme",
        "` sip:user@example.com`|invalid character ' ' in scheme",
        ":foo|empty scheme",
        "1sip:foo|scheme must start with a letter",
        "+x:foo|scheme must start with a letter",
        "http:|nothing after the scheme",
        "`http://example.com/a b`|invalid character ' '",
        "http://example.com/<x>|invalid character '<'",
        "mailto:a%zz@example.com|invalid escape sequence",
        "urn:a\"b|invalid character '\"'",
    })
    void invalidUris(String uri, String problem) {
        reject(uri, "URI", problem);
    }

    @Test
    void nonAsciiBytesAreReportedInHex() {
        reject("sip:us\u00e9r@example.com", "sip URI", "invalid character 0xC3 in user part");
        reject("sip:example.com;x=\u00e9", "sip URI", "invalid character 0xC3 in parameter x");
        reject("sip:user@example.com\u0000", "sip URI", "invalid character 0x00 in host");
        reject("sip:example.com;\u00e9", "sip URI", "invalid character 0xC3 in parameter name");
        reject("sip:example.com?\u00e9=1", "sip URI", "invalid character 0xC3 in headers");
        reject("sip:example.com?a=\u00e9", "sip URI", "invalid character 0xC3 in headers");
        reject("http://example.com/\u00e9", "URI", "invalid character 0xC3");
    }

    @Test
    void offsetsPointAtTheProblem() {
        assertThat(reject("sip:us er@example.com", "sip URI", "unescaped space").offset()).isEqualTo(6);
        assertThat(reject("sip:user@example.com:abc", "sip URI", "port").offset()).isEqualTo(21);
        assertThat(reject("sip:example.com;ttl=999", "sip URI", "ttl").offset()).isEqualTo(16);
    }

    @Test
    void badRangesAreParseErrorsToo() {
        byte[] b = "sip:a@b".getBytes(StandardCharsets.US_ASCII);
        for (int[] r : new int[][] {{-1, 3}, {0, 99}, {5, 2}}) {
            try {
                UriParser.parse(b, r[0], r[1]);
                throw new AssertionError("accepted range " + r[0] + ".." + r[1]);
            } catch (SipParseException e) {
                assertThat(e.problem()).startsWith("invalid byte range");
            }
        }
        try {
            UriParser.parse(null, 0, 0);
            throw new AssertionError("accepted null");
        } catch (SipParseException e) {
            assertThat(e.where()).isEqualTo("URI");
        }
    }
}
