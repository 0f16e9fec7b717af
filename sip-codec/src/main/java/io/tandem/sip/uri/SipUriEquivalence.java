package io.tandem.sip.uri;

import io.tandem.sip.Parameters;
import java.util.List;
import java.util.Map;

/**
 * SIP URI comparison, RFC 3261 §19.1.4:
 * <ul>
 * <li>sip and sips never match;
 * <li>user and password compare case-sensitively, where an escape of a non-reserved character
 *     equals the character ({@code %61lice} = {@code alice});
 * <li>host compares ignoring case; IP literals compare as addresses ({@code [2001:db8::1]} =
 *     {@code [2001:DB8:0::1]}); a name never matches an address;
 * <li>an absent port, user, password never matches a present one;
 * <li>user, ttl, method, maddr and transport parameters must be present on both sides or on
 *     neither; any parameter present on both must match (names and values ignoring case, after
 *     unescaping); others are ignored;
 * <li>headers must be the same set on both sides (names ignoring case, values after unescaping).
 * </ul>
 */
final class SipUriEquivalence {
    private static final String[] MUST_MATCH = {"user", "ttl", "method", "maddr", "transport"};

    private SipUriEquivalence() {
    }

    static boolean equivalent(SipUri a, SipUri b) {
        if (a == b) {
            return true;
        }
        return a.secure() == b.secure()
            && a.port() == b.port()
            && Escapes.equivalent(a.user(), b.user(), false)
            && Escapes.equivalent(a.password(), b.password(), false)
            && Hosts.same(a.host(), a.hostKind(), b.host(), b.hostKind())
            && params(a.params(), b.params())
            && headers(a, b);
    }

    private static boolean params(Parameters a, Parameters b) {
        if (a.isEmpty() && b.isEmpty()) {
            return true;
        }
        for (String name : MUST_MATCH) {
            if (a.has(name) != b.has(name)) {
                return false;
            }
        }
        for (int i = 0; i < a.size(); i++) {
            String name = a.name(i);
            for (int j = 0; j < b.size(); j++) {
                if (Escapes.equivalent(name, b.name(j), true) && !Escapes.equivalent(a.value(i), b.value(j), true)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean headers(SipUri a, SipUri b) {
        if (a.headersRaw() == null || b.headersRaw() == null) {
            return a.headersRaw() == b.headersRaw();
        }
        List<Map.Entry<String, String>> ha = a.headers();
        List<Map.Entry<String, String>> hb = b.headers();
        return containsAll(ha, hb) && containsAll(hb, ha);
    }

    private static boolean containsAll(List<Map.Entry<String, String>> x, List<Map.Entry<String, String>> y) {
        outer:
        for (Map.Entry<String, String> e : y) {
            for (Map.Entry<String, String> f : x) {
                if (f.getKey().equalsIgnoreCase(e.getKey()) && f.getValue().equals(e.getValue())) {
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }
}
