package io.tandem.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs: whatever the bytes, parsing ends in a value or a SipParseException, and
 * every value parsed renders to text that parses back to an equal value.
 */
class AuthFuzzTest {
    private static final List<String> FRAGMENTS = List.of("Digest ", "digest ", "Basic ", "Foo ", " ", "\t", "\r\n ", "\r", "\n",
            "=", "\"", "\\", ",", ", ", "'", "%", "%C3%A4", "%0a", "*", "/", "==", "\u00e4", "\u0000", "\u007f",
            "username", "username*", "UTF-8''", "realm", "nonce", "uri", "response", "algorithm", "MD5", "SHA-256-sess",
            "cnonce", "opaque", "qop", "auth", "auth-int", "nc", "00000001", "0000000G", "12345678901234567890", "userhash",
            "true", "FALSE", "stale", "domain", "charset", "sip:a@b", "x", "=\"v\"", "=t");
    private static final String VALUE_CHARS = "ab\"\\ ,=\u00e4\t/";

    private static String fragments(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(FRAGMENTS.get(rnd.nextInt(FRAGMENTS.size())));
        }
        return sb.toString();
    }

    @Test
    void fragmentSoupParsesOrFailsCleanlyAndRoundTrips() {
        Random rnd = new Random(7616);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            String s = fragments(rnd);
            parsed += check(s, Credentials::parse) + check(s, Challenge::parse);
        }
        assertThat(parsed).as("some inputs must parse for the round trip to be exercised").isGreaterThan(100);
    }

    @Test
    void wellFormedCredentialsWithRandomValuesRoundTrip() {
        Random rnd = new Random(2617);
        List<String> names = List.of("yusername", "yrealm", "x-a", "x-b", "cnonce", "opaque", "uri", "x-c");
        for (int i = 0; i < 3_000; i++) {
            StringBuilder sb = new StringBuilder("Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"x\"");
            for (String name : names) {
                if (rnd.nextBoolean()) {
                    sb.append(rnd.nextBoolean() ? " ,\t" : ",").append(name).append(rnd.nextBoolean() ? " = " : "=");
                    if (rnd.nextBoolean()) {
                        StringBuilder v = new StringBuilder();
                        for (int k = rnd.nextInt(7); k > 0; k--) {
                            v.append(VALUE_CHARS.charAt(rnd.nextInt(VALUE_CHARS.length())));
                        }
                        AuthText.appendQuoted(sb, v.toString());
                    } else {
                        sb.append("t").append(rnd.nextInt(1000));
                    }
                }
            }
            DigestCredentials c = DigestCredentials.parse(sb.toString());
            assertThat(c.username()).isEqualTo("u");
            assertThat(DigestCredentials.parse(c.toString())).isEqualTo(c);
        }
    }

    @Test
    void arbitraryBytesParseOrFailCleanly() {
        Random rnd = new Random(3261);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(120)];
            rnd.nextBytes(b);
            if (rnd.nextBoolean() && b.length > 7) {
                System.arraycopy("Digest ".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 7);
            }
            int start = b.length == 0 ? 0 : rnd.nextInt(b.length);
            for (Function<byte[], Object> parser : List.<Function<byte[], Object>>of(
                    x -> Credentials.parse(x, start, x.length), x -> Challenge.parse(x, start, x.length))) {
                try {
                    assertThat(parser.apply(b)).isNotNull();
                } catch (SipParseException e) {
                    assertThat(e.problem()).isNotBlank();
                    assertThat(e.offset()).isBetween(-1, b.length - start);
                }
            }
        }
    }

    /** 1 if {@code s} parsed (and round-tripped), 0 if it failed with a SipParseException. */
    private static int check(String s, Function<String, Object> parser) {
        Object v;
        try {
            v = parser.apply(s);
        } catch (SipParseException e) {
            assertThat(e.problem()).isNotBlank();
            assertThat(e.offset()).isBetween(-1, s.getBytes(StandardCharsets.UTF_8).length);
            return 0;
        }
        assertThat(parser.apply(v.toString())).as("round trip of [%s] via [%s]", s, v).isEqualTo(v);
        return 1;
    }
}
