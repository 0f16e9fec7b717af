package io.tandem.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated SIP URIs: component round trips and equivalence invariants (RFC 3261 §19.1). */
class SipUriProperties {

    record Param(String name, String value) {
    }

    record Parts(boolean secure, String user, String password, String host, int port, List<Param> params, String headers) {
        String text() {
            StringBuilder sb = new StringBuilder(secure ? "sips:" : "sip:");
            if (user != null) {
                sb.append(user);
                if (password != null) {
                    sb.append(':').append(password);
                }
                sb.append('@');
            }
            sb.append(host);
            if (port >= 0) {
                sb.append(':').append(port);
            }
            for (Param p : params) {
                sb.append(';').append(p.name());
                if (p.value() != null) {
                    sb.append('=').append(p.value());
                }
            }
            if (headers != null) {
                sb.append('?').append(headers);
            }
            return sb.toString();
        }
    }

    @Property
    void parsedComponentsMatchTheGeneratedOnes(@ForAll("uris") Parts p) {
        String text = p.text();
        SipUri u = SipUri.parse(text);
        assertThat(u.toString()).isEqualTo(text);
        assertThat(u.secure()).isEqualTo(p.secure());
        assertThat(u.user()).isEqualTo(p.user());
        assertThat(u.password()).isEqualTo(p.password());
        assertThat(u.host()).isEqualTo(p.host());
        assertThat(u.port()).isEqualTo(p.port());
        assertThat(u.params().size()).isEqualTo(p.params().size());
        for (int i = 0; i < p.params().size(); i++) {
            assertThat(u.params().name(i)).isEqualTo(p.params().get(i).name());
            assertThat(u.params().value(i)).isEqualTo(p.params().get(i).value());
        }
        assertThat(u.headersRaw()).isEqualTo(p.headers());
        assertThat(u.equivalentTo(u)).isTrue();
    }

    @Property
    void builtUrisRenderTheSameTextAndParseBackEqual(@ForAll("uris") Parts p) {
        SipUri b = SipUri.of(p.secure(), p.user(), p.host(), p.port());
        if (p.password() != null) {
            b = b.withPassword(p.password());
        }
        for (Param x : p.params()) {
            b = b.withParam(x.name(), x.value());
        }
        b = b.withHeaders(p.headers());
        assertThat(b.toString()).isEqualTo(p.text());
        SipUri parsed = SipUri.parse(b.toString());
        assertThat(parsed).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(parsed.equivalentTo(b)).isTrue();
    }

    @Property
    void caseOfSchemeHostAndParamsAndParamOrderDoNotMatter(@ForAll("uris") Parts p) {
        List<Param> changed = p.params().reversed().stream()
            .map(x -> new Param(x.name().toUpperCase(Locale.ROOT), x.value() == null ? null : x.value().toUpperCase(Locale.ROOT)))
            .toList();
        Parts q = new Parts(p.secure(), p.user(), p.password(), p.host().toUpperCase(Locale.ROOT), p.port(), changed, p.headers());
        String other = q.text().replaceFirst("^sip", "SIP");
        assertThat(SipUri.parse(p.text()).equivalentTo(SipUri.parse(other))).isTrue();
    }

    @Property
    void changingUserPortOrSchemeBreaksEquivalence(@ForAll("uris") Parts p) {
        SipUri u = SipUri.parse(p.text());
        assertThat(u.equivalentTo(u.withUser(p.user() == null ? "x" : p.user() + "x"))).isFalse();
        assertThat(u.equivalentTo(u.withPort(p.port() == 5060 ? 5061 : 5060))).isFalse();
        assertThat(u.equivalentTo(u.withSecure(!p.secure()))).isFalse();
    }

    @Provide
    Arbitrary<Parts> uris() {
        Arbitrary<String> user = atoms("abcXYZ019-_.!~*'()&=+$,;?/", 1, 10).injectNull(0.2);
        Arbitrary<String> password = atoms("abcXYZ019-_.!~*'()&=+$,", 0, 6).injectNull(0.6);
        Arbitrary<String> host = Arbitraries.oneOf(hostnames(), ipv4(), Generators.ipv6().map(a -> "[" + Generators.ipv6Text(a, Math.floorMod(a[15], 3)) + "]"));
        Arbitrary<Integer> port = Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 65535));
        Arbitrary<String> pvalue = atoms("abcXYZ019-_.!~*'()[]/:&+$", 1, 8).injectNull(0.3);
        Arbitrary<List<Param>> params = Combinators.combine(atoms("abcXYZ019-_.!~*'()[]/:&+$", 1, 6), pvalue)
            .as(Param::new)
            .filter(x -> !x.name().equalsIgnoreCase("ttl"))
            .list().ofMaxSize(4).uniqueElements(x -> unescaped(x.name()).toLowerCase(Locale.ROOT));
        Arbitrary<String> header = Combinators.combine(atoms("abcXYZ019-_.!~*'()[]/?:+$", 1, 6), atoms("abcXYZ019-_.!~*'()[]/?:+$", 0, 6))
            .as((n, v) -> n + "=" + v);
        Arbitrary<String> headers = header.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("&", l)).injectNull(0.6);
        return Combinators.combine(Arbitraries.of(true, false), user, password, host, port, params, headers)
            .as((s, u, pw, h, po, pa, he) -> new Parts(s, u, u == null ? null : pw, h, po, pa, he));
    }

    /**
     * A parameter name as §19.1.4 compares it (escapes decoded): two generated names that differ
     * only in escaping, such as {@code *} and {@code %2A}, are the same parameter, and a URI
     * carrying one parameter twice has no well-defined comparison: the generator avoids it.
     */
    static String unescaped(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Strings of 'min'..'max' atoms, each a character of {@code chars} or an escape %XX. */
    static Arbitrary<String> atoms(String chars, int min, int max) {
        Arbitrary<String> ch = Arbitraries.of(chars.chars().mapToObj(c -> String.valueOf((char) c)).toList());
        Arbitrary<String> esc = Arbitraries.integers().between(0, 255).map(i -> String.format(i % 2 == 0 ? "%%%02X" : "%%%02x", i));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, ch), net.jqwik.api.Tuple.of(1, esc))
            .list().ofMinSize(min).ofMaxSize(max).map(l -> String.join("", l));
    }

    static Arbitrary<String> hostnames() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcxyzABZ0129-").ofMinLength(1).ofMaxLength(8)
            .filter(s -> s.charAt(0) != '-' && s.charAt(s.length() - 1) != '-');
        Arbitrary<String> top = label.filter(s -> Character.isLetter(s.charAt(0)));
        return Combinators.combine(label.list().ofMaxSize(3), top, Arbitraries.of("", "."))
            .as((ls, t, dot) -> (ls.isEmpty() ? "" : String.join(".", ls) + ".") + t + dot);
    }

    static Arbitrary<String> ipv4() {
        return Arbitraries.integers().between(0, 255).list().ofSize(4)
            .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
    }
}
