package io.tandem.sip.fuzz;

import io.tandem.sip.message.HeaderName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of valid SIP requests and responses (RFC 3261 §7, §25.1; RFC 3966; RFC 5118),
 * built from components, each knowing the bytes it writes and what the codec must read back.
 *
 * <p>Header values are first produced as "logical" text in which {@link #LWS} marks a place where
 * linear white space is required and {@link #OWS} one where it is optional; when the message is
 * assembled each mark becomes one of {@link #STYLES} (a space, a tab, or a folded line), so the
 * same content is written in many ways. Alongside the text, each element carries its "typed"
 * rendering: what {@code toString()} of the codec's parsed value must give (canonical forms:
 * one space for LWS, display names re-quoted, and so on).
 */
final class SipGen {
    /** Required LWS. */
    static final char LWS = '\u0001';
    /** Optional LWS (may be written as nothing). */
    static final char OWS = '\u0002';
    /** Ways to write LWS; index 0 is the plain space, the shrink target. */
    static final String[] STYLES = {" ", "\r\n ", "\t", " \r\n\t", "  ", "\r\n  ", " \t"};

    private SipGen() {
    }

    // ================================================================ model

    /** What the header holds, for the typed expectations. */
    enum Kind {
        VIA, FROM, TO, CALL_ID, CSEQ, CONTACT, ROUTE, RECORD_ROUTE, MAX_FORWARDS, CONTENT_LENGTH, CONTENT_TYPE,
        EXPIRES, SUPPORTED, AUTHORIZATION, WWW_AUTHENTICATE, SUBJECT, UNKNOWN
    }

    /** One element of a header value: logical text (with marks) and the typed rendering. */
    record Piece(String logical, String typed) {
        static Piece same(String s) {
            return new Piece(s, s);
        }
    }

    /** A header line before the LWS marks are written out. */
    record LineSpec(Kind kind, String name, String sep, List<Piece> elements) {
    }

    /** A header line as written. */
    record Line(Kind kind, String name, String sep, String wire, String value, List<String> valueElements,
                List<String> typedElements, String term) {
        String raw() {
            return name + sep + wire + term;
        }
    }

    /** A generated message: its parts as written, and everything the codec must read back. */
    record Message(boolean request, String method, String uri, int status, String reason, String startLine,
                   String term, List<Line> lines, byte[] body) {
        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(utf8(startLine + term));
            for (Line l : lines) {
                out.writeBytes(utf8(l.raw()));
            }
            out.writeBytes(utf8(term));
            out.writeBytes(body);
            return out.toByteArray();
        }

        /** Typed renderings of every element of every line of this kind, in order. */
        List<String> typed(Kind k) {
            List<String> out = new ArrayList<>();
            for (Line l : lines) {
                if (l.kind == k) {
                    out.addAll(l.typedElements);
                }
            }
            return out;
        }

        /** The typed rendering of the first line of this kind, or null. */
        String first(Kind k) {
            for (Line l : lines) {
                if (l.kind == k) {
                    return l.typedElements.get(0);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return CodecHarness.show(bytes());
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ================================================================ lexical pieces

    static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String DIGIT = "0123456789";
    static final String TOKEN_CHARS = ALPHA + DIGIT + "-.!%*_+`'~";
    static final String UNRESERVED = ALPHA + DIGIT + "-_.!~*'()";
    static final String HEX = "0123456789abcdefABCDEF";

    static Arbitrary<String> token(int max) {
        return Arbitraries.strings().withChars(TOKEN_CHARS).ofMinLength(1).ofMaxLength(max);
    }

    static Arbitrary<String> alnum(int min, int max) {
        return Arbitraries.strings().withChars(ALPHA + DIGIT).ofMinLength(min).ofMaxLength(max);
    }

    /** A percent escape, e.g. {@code %2F}. */
    static Arbitrary<String> escape() {
        return Arbitraries.strings().withChars(HEX).ofLength(2).map(h -> "%" + h);
    }

    /** Text of characters from {@code chars} and percent escapes. */
    static Arbitrary<String> escapedText(String chars, int min, int max) {
        Arbitrary<String> one = Arbitraries.frequencyOf(
            Tuple.of(9, Arbitraries.strings().withChars(chars).ofLength(1)),
            Tuple.of(1, escape()));
        return one.list().ofMinSize(min).ofMaxSize(max).map(l -> String.join("", l));
    }

    // ================================================================ hosts

    static Arbitrary<String> label() {
        Arbitrary<String> inner = Arbitraries.strings().withChars(ALPHA + DIGIT + "-").ofMaxLength(6);
        return Combinators.combine(alnum(1, 1), inner, alnum(1, 1), Arbitraries.of(true, false))
            .as((a, m, z, longer) -> longer ? a + m + z : a);
    }

    static Arbitrary<String> hostname() {
        Arbitrary<String> top = Combinators.combine(Arbitraries.strings().withChars(ALPHA).ofLength(1), label())
            .as((a, l) -> a + l);
        Arbitrary<String> named = Combinators.combine(label().list().ofMaxSize(3), top, Arbitraries.of("", "", "", "."))
            .as((ls, t, dot) -> (ls.isEmpty() ? "" : String.join(".", ls) + ".") + t + dot);
        return Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.of("example.com", "atlanta.example.com", "biloxi.example.com", "proxy-1.example.net")),
            Tuple.of(4, named));
    }

    static Arbitrary<String> ipv4() {
        return Arbitraries.integers().between(0, 255).list().ofSize(4)
            .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
    }

    /** An IPv6 address (RFC 4291 §2.2) without brackets: full, "::"-compressed, or with an IPv4 tail. */
    static Arbitrary<String> ipv6() {
        Arbitrary<List<Integer>> groups = Arbitraries.frequency(
                Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(2, 0x2001), Tuple.of(2, 0xdb8), Tuple.of(1, 0xffff), Tuple.of(1, 0xabc))
            .list().ofSize(8);
        return Combinators.combine(groups, Arbitraries.integers().between(-1, 7), Arbitraries.integers().between(0, 8),
                Arbitraries.of(false, false, true), ipv4(), Arbitraries.of(true, false))
            .as((g, gapStart, gapLen, v4tail, v4, upper) -> {
                int n = v4tail ? 6 : 8;
                List<String> hex = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String h = Integer.toHexString(g.get(i));
                    hex.add(upper ? h.toUpperCase(Locale.ROOT) : h);
                }
                String tail = v4tail ? v4 : null;
                if (gapStart < 0 || gapStart >= n) {
                    String s = String.join(":", hex);
                    return tail == null ? s : s + ":" + tail;
                }
                int len = Math.max(1, Math.min(gapLen, n - gapStart));
                if (tail == null && len == n) {
                    return "::";
                }
                String head = String.join(":", hex.subList(0, gapStart));
                String rest = String.join(":", hex.subList(gapStart + len, n));
                if (tail != null) {
                    rest = rest.isEmpty() ? tail : rest + ":" + tail;
                }
                return head + "::" + rest;
            });
    }

    static Arbitrary<String> host() {
        return Arbitraries.frequencyOf(
            Tuple.of(5, hostname()),
            Tuple.of(3, ipv4()),
            Tuple.of(2, ipv6().map(a -> "[" + a + "]")));
    }

    static Arbitrary<String> port() {
        return Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just("")),
            Tuple.of(3, Arbitraries.of(":5060", ":5061", ":5080")),
            Tuple.of(2, Arbitraries.integers().between(0, 65535).map(p -> ":" + p)));
    }

    // ================================================================ URIs

    static final String USER_CHARS = UNRESERVED + "&=+$,;?/";
    static final String PASSWORD_CHARS = UNRESERVED + "&=+$,";
    static final String PARAM_CHARS = UNRESERVED + "[]/:&+$";
    static final String HNV_CHARS = UNRESERVED + "[]/?:+$";

    static Arbitrary<String> uriParam() {
        Arbitrary<String> generic = Combinators.combine(escapedText(PARAM_CHARS, 1, 8), escapedText(PARAM_CHARS, 1, 10),
                Arbitraries.of(true, false))
            .as((n, v, flag) -> flag ? ";" + n : ";" + n + "=" + v)
            .filter(p -> !p.regionMatches(true, 0, ";ttl", 0, 4));
        return Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.of(";transport=udp", ";transport=TCP", ";transport=tls", ";transport=sctp", ";transport=ws")),
            Tuple.of(2, Arbitraries.just(";lr")),
            Tuple.of(1, Arbitraries.of(";user=phone", ";user=ip", ";method=INVITE", ";method=REGISTER")),
            Tuple.of(1, Arbitraries.integers().between(0, 255).map(t -> ";ttl=" + t)),
            Tuple.of(1, host().map(h -> ";maddr=" + h)),
            Tuple.of(2, generic));
    }

    static Arbitrary<String> uriHeaders() {
        Arbitrary<String> one = Combinators.combine(escapedText(HNV_CHARS, 1, 8), escapedText(HNV_CHARS, 0, 10))
            .as((n, v) -> n + "=" + v);
        return one.list().ofMinSize(1).ofMaxSize(3).map(l -> "?" + String.join("&", l));
    }

    /**
     * A sip or sips URI. {@code simple}: usable as an addr-spec (no ';', ',', '?' anywhere, RFC
     * 3261 §20.10); {@code headers}: may have a headers part (not in a Request-URI).
     */
    static Arbitrary<String> sipUri(boolean simple, boolean headers) {
        Arbitrary<String> scheme = Arbitraries.frequency(Tuple.of(8, "sip:"), Tuple.of(3, "sips:"), Tuple.of(1, "SIP:"));
        Arbitrary<String> user = Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just("")),
            Tuple.of(3, Arbitraries.of("alice", "bob", "carol", "+12125550101", "bob.smith")),
            Tuple.of(3, escapedText(simple ? UNRESERVED + "&=+$/" : USER_CHARS, 1, 12)));
        Arbitrary<String> password = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just("")),
            Tuple.of(1, escapedText(PASSWORD_CHARS.replace(",", simple ? "" : ","), 0, 8).map(p -> ":" + p)));
        Arbitrary<String> params = simple ? Arbitraries.just("") : uriParam().list().ofMaxSize(3).map(l -> String.join("", l));
        Arbitrary<String> hdrs = headers && !simple
            ? Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("")), Tuple.of(1, uriHeaders()))
            : Arbitraries.just("");
        return Combinators.combine(scheme, user, password, host(), port(), params, hdrs)
            .as((s, u, pw, h, p, ps, hs) -> s + (u.isEmpty() ? "" : u + pw + "@") + h + p + ps + hs);
    }

    /** A tel URI (RFC 3966): global number, or local number with phone-context; {@code simple}: no parameters. */
    static Arbitrary<String> telUri(boolean simple) {
        Arbitrary<String> sep = Arbitraries.of("", "", "-", ".", "(", ")");
        Arbitrary<String> digitGroup = Combinators.combine(Arbitraries.strings().withChars(DIGIT).ofMinLength(1).ofMaxLength(4), sep)
            .as((d, s) -> d + s);
        Arbitrary<String> global = digitGroup.list().ofMinSize(1).ofMaxSize(4).map(l -> "+" + String.join("", l));
        Arbitrary<String> localDigits = Combinators.combine(
                Arbitraries.strings().withChars(DIGIT + "*").ofMinLength(1).ofMaxLength(7).filter(s -> s.chars().anyMatch(Character::isDigit)),
                Arbitraries.of("", "", "%23"))
            .as((d, hash) -> d + hash);
        Arbitrary<String> context = Arbitraries.oneOf(hostname().filter(h -> !h.endsWith(".") || h.length() > 1),
            global.filter(g -> g.chars().anyMatch(Character::isDigit)));
        Arbitrary<String> extra = Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.strings().withChars(DIGIT).ofMinLength(1).ofMaxLength(4).map(e -> ";ext=" + e)),
            Tuple.of(1, escapedText(UNRESERVED, 1, 6).map(i -> ";isub=" + i)),
            Tuple.of(2, Combinators.combine(alnum(1, 6), escapedText(UNRESERVED + "[]/:&+$", 1, 6)).as((n, v) -> ";x" + n + "=" + v)));
        if (simple) {
            return global.map(g -> "tel:" + g);
        }
        Arbitrary<String> number = Arbitraries.oneOf(
            global,
            Combinators.combine(localDigits, context).as((d, c) -> d + ";phone-context=" + c));
        return Combinators.combine(number, extra.list().ofMaxSize(1))
            .as((n, x) -> "tel:" + n + String.join("", x));
    }

    static Arbitrary<String> requestUri() {
        return Arbitraries.frequencyOf(Tuple.of(8, sipUri(false, false)), Tuple.of(2, telUri(false)));
    }

    // ================================================================ header values

    /** {@code ;name=value} header parameters; generic ones, and the named ones a header uses. */
    static Arbitrary<String> genericParam() {
        Arbitrary<String> quoted = Arbitraries.strings().withChars(ALPHA + DIGIT + " ,;:<>=@/").ofMaxLength(10)
            .map(v -> "\"" + v + "\"");
        Arbitrary<String> value = Arbitraries.oneOf(token(10), quoted, ipv6().map(a -> "[" + a + "]"));
        return Combinators.combine(token(8), value, Arbitraries.of(true, false, false))
            .as((n, v, flag) -> flag ? ";" + n : ";" + n + "=" + v)
            .filter(p -> !p.regionMatches(true, 0, ";tag", 0, 4));
    }

    static Arbitrary<String> tag() {
        return token(16).map(t -> ";tag=" + t);
    }

    /** Unquoted display name text: characters a quoted-string holds, including what needs escaping. */
    static Arbitrary<String> displayText() {
        Arbitrary<String> ascii = Arbitraries.strings().withChars(ALPHA + DIGIT + " \"\\,<>;@:'()").ofLength(1);
        Arbitrary<String> other = Arbitraries.of("\u00e9", "\u00fc", "\u4e2d", "\u00df", "\uD83D\uDE00");
        return Arbitraries.frequencyOf(Tuple.of(12, ascii), Tuple.of(1, other))
            .list().ofMaxSize(12).map(l -> String.join("", l));
    }

    /** A quoted-string for {@code text}: '"' and '\' escaped, other ASCII escaped at will. */
    static Arbitrary<String> quote(String text) {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).map(bits -> {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\' || (c < 0x80 && c != ' ' && ((bits >>> (i % 31)) & 7) == 0)) {
                    sb.append('\\');
                }
                sb.append(c);
            }
            return sb.append('"').toString();
        });
    }

    /** What NameAddress.toString writes for a quoted display name. */
    static String requote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /**
     * A name-addr or addr-spec with header parameters ({@code params}), as in From, To, Contact,
     * Route. {@code inList}: an element of a comma list (addr-spec then has no params at all).
     */
    static Arbitrary<Piece> nameAddr(Arbitrary<String> params, boolean addrSpecAllowed, boolean uriHeaders) {
        Arbitrary<String> anyUri = Arbitraries.frequencyOf(Tuple.of(8, sipUri(false, uriHeaders)), Tuple.of(2, telUri(false)));
        Arbitrary<Piece> quoted = displayText().flatMap(text -> Combinators.combine(quote(text), anyUri, params,
                Arbitraries.of(String.valueOf(OWS), String.valueOf(LWS)))
            .as((q, u, p, gap) -> new Piece(q + gap + "<" + u + ">" + p,
                (text.isEmpty() ? "" : requote(text) + " ") + "<" + u + ">" + p)));
        Arbitrary<Piece> tokens = Combinators.combine(token(8).list().ofMinSize(1).ofMaxSize(3), anyUri, params,
                Arbitraries.of(String.valueOf(OWS), String.valueOf(LWS)))
            .as((ts, u, p, gap) -> {
                String d = String.join(" ", ts);
                return new Piece(d + gap + "<" + u + ">" + p, d + " <" + u + ">" + p);
            });
        Arbitrary<Piece> bare = Combinators.combine(anyUri, params).as((u, p) -> Piece.same("<" + u + ">" + p)
            ).map(pc -> new Piece(pc.logical(), pc.typed()));
        Arbitrary<Piece> addrSpec = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(4, sipUri(true, false)), Tuple.of(1, telUri(true))), params)
            .as((u, p) -> new Piece(u + p, "<" + u + ">" + p));
        return addrSpecAllowed
            ? Arbitraries.frequencyOf(Tuple.of(3, quoted), Tuple.of(2, tokens), Tuple.of(3, bare), Tuple.of(2, addrSpec))
            : Arbitraries.frequencyOf(Tuple.of(3, quoted), Tuple.of(2, tokens), Tuple.of(3, bare));
    }

    static Arbitrary<String> params(Arbitrary<String> first, int max) {
        return Combinators.combine(first, genericParam().list().ofMaxSize(max)).as((f, l) -> f + String.join("", l));
    }

    static Arbitrary<Piece> fromTo(boolean withTag) {
        Arbitrary<String> t = withTag ? tag() : Arbitraries.just("");
        return nameAddr(params(t, 1), true, false);
    }

    static Arbitrary<Piece> contact() {
        Arbitrary<String> expires = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
            Tuple.of(1, Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(e -> ";expires=" + e)));
        Arbitrary<String> q = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
            Tuple.of(1, Arbitraries.of(";q=0", ";q=1", ";q=0.5", ";q=0.001", ";q=1.000", ";q=0.75")));
        Arbitrary<String> p = Combinators.combine(expires, q, genericParam().list().ofMaxSize(1))
            .as((e, qq, g) -> e + qq + String.join("", g));
        return nameAddr(p, true, true);
    }

    static Arbitrary<Piece> route() {
        return nameAddr(genericParam().list().ofMaxSize(1).map(l -> String.join("", l)), false, false);
    }

    static Arbitrary<Piece> via() {
        Arbitrary<String> transport = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of("UDP", "TCP", "TLS", "SCTP", "WS", "WSS", "udp")),
            Tuple.of(1, token(6)));
        Arbitrary<String> branch = Arbitraries.frequencyOf(
            Tuple.of(6, token(16).map(b -> ";branch=z9hG4bK" + b)),
            Tuple.of(1, token(10).map(b -> ";branch=" + b)),
            Tuple.of(1, Arbitraries.just("")));
        Arbitrary<String> received = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just("")),
            Tuple.of(2, ipv4().map(a -> ";received=" + a)),
            Tuple.of(1, ipv6().map(a -> ";received=[" + a + "]")),
            Tuple.of(1, ipv6().map(a -> ";received=" + a)));
        Arbitrary<String> rport = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just("")),
            Tuple.of(2, Arbitraries.just(";rport")),
            Tuple.of(1, Arbitraries.integers().between(0, 65535).map(p -> ";rport=" + p)));
        Arbitrary<String> other = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just("")),
            Tuple.of(1, Arbitraries.integers().between(0, 255).map(t -> ";ttl=" + t)),
            Tuple.of(1, host().map(h -> ";maddr=" + h)),
            Tuple.of(2, genericParam()));
        Arbitrary<String> params = Combinators.combine(branch, received, rport, other, Arbitraries.of(0, 1, 2))
            .as((b, r, rp, o, order) -> switch (order) {
                case 0 -> b + r + rp + o;
                case 1 -> rp + b + o + r;
                default -> o + r + b + rp;
            });
        Arbitrary<String> protocol = Arbitraries.frequency(Tuple.of(9, "SIP/2.0/"), Tuple.of(1, "sip/2.0/"));
        return Combinators.combine(protocol, transport, host(), port(), params)
            .as((pr, t, h, p, ps) -> {
                String head = pr + t;
                String rest = h + p + ps;
                return new Piece(head + LWS + rest, head + " " + rest);
            });
    }

    static Arbitrary<String> callId() {
        String word = ALPHA + DIGIT + "-.!%*_+`'~()<>:\\\"/[]?{}";
        Arbitrary<String> w = Arbitraries.strings().withChars(word).ofMinLength(1).ofMaxLength(20);
        return Arbitraries.frequencyOf(
            Tuple.of(3, Combinators.combine(w, w).as((a, b) -> a + "@" + b)),
            Tuple.of(2, w),
            Tuple.of(2, Combinators.combine(alnum(8, 16), hostname()).as((a, h) -> a + "@" + h)));
    }

    static Arbitrary<String> unknownName() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("X-Custom", "P-Charging-Vector", "Organization", "Priority", "Warning", "x-foo")),
                Tuple.of(3, token(12).map(t -> "X-" + t)),
                Tuple.of(1, token(10)))
            .filter(n -> HeaderName.lookup(n) == HeaderName.UNKNOWN);
    }

    /** Header text (TEXT-UTF8 without leading/trailing white space), with LWS marks between words. */
    static Arbitrary<String> text(int maxWords) {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> other = Arbitraries.of("caf\u00e9", "\u4e2d\u6587", "na\u00efve", "\uD83D\uDE00", "\u00c5ngstr\u00f6m");
        Arbitrary<String> word = Arbitraries.frequencyOf(Tuple.of(8, ascii), Tuple.of(1, other));
        return word.list().ofMinSize(0).ofMaxSize(maxWords).map(ws -> String.join(String.valueOf(LWS), ws));
    }

    static Arbitrary<Piece> authorization(String method) {
        Arbitrary<String> digest = Combinators.combine(
                Arbitraries.of("bob", "alice", "J\u00e4s\u00f8n"), hostname(), alnum(8, 32), sipUri(true, false),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(32),
                Arbitraries.of("", ", algorithm=MD5", ", algorithm=SHA-256", ", algorithm=MD5-sess"),
                Arbitraries.of("", ", qop=auth, nc=00000001, cnonce=\"0a4f113b\""),
                Arbitraries.of("", ", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""))
            .as((u, realm, nonce, uri, resp, alg, qop, opaque) -> "Digest username=\"" + u + "\"," + OWS + "realm=\"" + realm
                + "\"," + OWS + "nonce=\"" + nonce + "\"," + OWS + "uri=\"" + uri + "\"," + OWS + "response=\"" + resp + "\""
                + alg + qop + opaque);
        Arbitrary<String> other = Arbitraries.of("Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
            "NoOneKnowsThisScheme opaque-data=here", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        return Arbitraries.frequencyOf(Tuple.of(4, digest), Tuple.of(1, other)).map(Piece::same);
    }

    static Arbitrary<Piece> wwwAuthenticate() {
        return Combinators.combine(hostname(), alnum(8, 32), Arbitraries.of("", ", qop=\"auth\"", ", qop=\"auth,auth-int\""),
                Arbitraries.of("", ", algorithm=MD5", ", algorithm=SHA-256", ", stale=FALSE"))
            .as((realm, nonce, qop, alg) -> Piece.same("Digest realm=\"" + realm + "\"," + OWS + "nonce=\"" + nonce + "\"" + qop + alg));
    }

    static Arbitrary<Piece> contentType() {
        return Arbitraries.of("application/sdp", "text/plain;charset=UTF-8", "multipart/mixed;boundary=\"b-1\"",
            "application/pidf+xml", "message/sipfrag;version=2.0").map(Piece::same);
    }

    // ================================================================ header lines

    /** Long or compact name, in some letter case. */
    static Arbitrary<String> name(String canonical, String compact) {
        List<Tuple.Tuple2<Integer, String>> forms = new ArrayList<>();
        forms.add(Tuple.of(6, canonical));
        forms.add(Tuple.of(1, canonical.toLowerCase(Locale.ROOT)));
        forms.add(Tuple.of(1, canonical.toUpperCase(Locale.ROOT)));
        if (compact != null) {
            forms.add(Tuple.of(2, compact));
            forms.add(Tuple.of(1, compact.toUpperCase(Locale.ROOT)));
        }
        return Arbitraries.frequency(forms);
    }

    /** What goes between the name and the value. */
    static Arbitrary<String> colon() {
        return Arbitraries.frequency(Tuple.of(12, ": "), Tuple.of(2, ":"), Tuple.of(1, " : "), Tuple.of(1, ":\t"),
            Tuple.of(1, "\t:  "));
    }

    static Arbitrary<LineSpec> line(Kind kind, String canonical, String compact, Arbitrary<List<Piece>> elements) {
        return Combinators.combine(name(canonical, compact), colon(), elements)
            .as((n, c, e) -> new LineSpec(kind, n, c, e));
    }

    static Arbitrary<LineSpec> line1(Kind kind, String canonical, String compact, Arbitrary<Piece> value) {
        return line(kind, canonical, compact, value.map(List::of));
    }

    /** 1..n lines of a list header, each with 1..m elements. */
    static Arbitrary<List<LineSpec>> listLines(Kind kind, String canonical, String compact, Arbitrary<Piece> element,
                                               int minLines, int maxLines, int maxPerLine) {
        return line(kind, canonical, compact, element.list().ofMinSize(1).ofMaxSize(maxPerLine))
            .list().ofMinSize(minLines).ofMaxSize(maxLines);
    }

    static Arbitrary<List<LineSpec>> optional(Arbitrary<LineSpec> line, int weightAbsent, int weightPresent) {
        return Arbitraries.frequencyOf(Tuple.of(weightAbsent, Arbitraries.just(List.<LineSpec>of())),
            Tuple.of(weightPresent, line.map(List::of)));
    }

    static Arbitrary<List<LineSpec>> unknownLines() {
        return Combinators.combine(unknownName(), colon(), text(6)).as((n, c, t) -> new LineSpec(Kind.UNKNOWN, n, c, List.of(Piece.same(t))))
            .list().ofMaxSize(4);
    }

    static Arbitrary<List<LineSpec>> commonLines(boolean request, Arbitrary<String> cseqMethod) {
        Arbitrary<List<LineSpec>> vias = listLines(Kind.VIA, "Via", "v", via(), 1, 3, 3);
        Arbitrary<List<LineSpec>> from = line1(Kind.FROM, "From", "f", fromTo(true)).map(List::of);
        Arbitrary<List<LineSpec>> to = line1(Kind.TO, "To", "t", fromTo(!request)).map(List::of);
        Arbitrary<List<LineSpec>> callId = line1(Kind.CALL_ID, "Call-ID", "i", callId().map(Piece::same)).map(List::of);
        Arbitrary<List<LineSpec>> cseq = line1(Kind.CSEQ, "CSeq", null, Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(0, 100)), Tuple.of(1, Arbitraries.longs().between(0, (1L << 31) - 1))),
                cseqMethod)
            .as((n, m) -> new Piece(n + String.valueOf(LWS) + m, n + " " + m))).map(List::of);
        Arbitrary<List<LineSpec>> contacts = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(List.<LineSpec>of())),
            Tuple.of(4, listLines(Kind.CONTACT, "Contact", "m", contact(), 1, 2, 3)),
            Tuple.of(1, line1(Kind.CONTACT, "Contact", "m", Arbitraries.just(Piece.same("*"))).map(List::of)));
        Arbitrary<List<LineSpec>> rr = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(List.<LineSpec>of())),
            Tuple.of(1, listLines(Kind.RECORD_ROUTE, "Record-Route", null, route(), 1, 2, 3)));
        Arbitrary<List<LineSpec>> subject = optional(line1(Kind.SUBJECT, "Subject", "s", text(5).map(Piece::same)), 4, 1);
        Arbitrary<List<LineSpec>> supported = optional(line(Kind.SUPPORTED, "Supported", "k",
            Arbitraries.of("100rel", "timer", "path", "outbound", "gruu", "replaces").list().ofMinSize(1).ofMaxSize(3)
                .map(l -> l.stream().map(Piece::same).toList())), 3, 1);
        return Combinators.combine(vias, from, to, callId, cseq, contacts, rr, Combinators.combine(subject, supported, unknownLines())
                .as((a, b, c) -> concat(a, b, c)))
            .as((a, b, c, d, e, f, g, h) -> concat(a, b, c, d, e, f, g, h));
    }

    @SafeVarargs
    static <T> List<T> concat(List<T>... lists) {
        List<T> out = new ArrayList<>();
        for (List<T> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    // ================================================================ start lines and messages

    static final List<String> KNOWN_METHODS = List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
        "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE");

    static Arbitrary<String> method() {
        return Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of(KNOWN_METHODS)),
            Tuple.of(1, Arbitraries.of("NEWMETHOD", "!interesting-Method0123456789_*+`.%indeed'~", "invite", "X")),
            Tuple.of(1, token(12)));
    }

    /** A request; {@code method} fixed or generated. */
    static Arbitrary<Message> request() {
        return method().flatMap(m -> {
            Arbitrary<List<LineSpec>> common = commonLines(true, Arbitraries.just(m));
            Arbitrary<List<LineSpec>> mf = optional(line1(Kind.MAX_FORWARDS, "Max-Forwards", null,
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(1, 70)), Tuple.of(1, Arbitraries.integers().between(0, 255)))
                    .map(n -> Piece.same(Integer.toString(n)))), 1, 8);
            Arbitrary<List<LineSpec>> routes = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.<LineSpec>of())),
                Tuple.of(2, listLines(Kind.ROUTE, "Route", null, route(), 1, 3, 3)));
            Arbitrary<List<LineSpec>> expires = optional(line1(Kind.EXPIRES, "Expires", null,
                Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(n -> Piece.same(Long.toString(n)))), 3, 1);
            Arbitrary<List<LineSpec>> auth = optional(line1(Kind.AUTHORIZATION, "Authorization", null, authorization(m)), 4, 1);
            Arbitrary<String> version = Arbitraries.frequency(Tuple.of(19, "SIP/2.0"), Tuple.of(1, "sip/2.0"));
            Arbitrary<String> startLine = Combinators.combine(requestUri(), version).as((u, v) -> m + " " + u + " " + v);
            return Combinators.combine(startLine, Combinators.combine(common, mf, routes, expires, auth).as(SipGen::concat), bodyParts())
                .as((sl, lines, bp) -> new Draft(true, m, sl.substring(m.length() + 1, sl.lastIndexOf(' ')), 0, null, sl, lines, bp));
        }).flatMap(SipGen::assemble);
    }

    static Arbitrary<Message> response() {
        Arbitrary<Integer> status = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(100, 180, 183, 200, 202, 301, 302, 401, 404, 407, 486, 500, 503, 603)),
            Tuple.of(2, Arbitraries.integers().between(100, 699)));
        Arbitrary<String> reason = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of("OK", "Ringing", "Session Progress", "Not Found", "Unauthorized", "Busy Here", "Trying")),
            Tuple.of(1, Arbitraries.just("")),
            Tuple.of(2, text(5).map(t -> t.replace(LWS, ' '))));
        Arbitrary<List<LineSpec>> auth = optional(line1(Kind.WWW_AUTHENTICATE, "WWW-Authenticate", null, wwwAuthenticate()), 3, 1);
        Arbitrary<String> cseqMethod = Arbitraries.of(KNOWN_METHODS);
        return Combinators.combine(status, reason, commonLines(false, cseqMethod), auth, bodyParts())
            .as((s, r, lines, a, bp) -> new Draft(false, null, null, s, r, "SIP/2.0 " + s + " " + r, concat(lines, a), bp))
            .flatMap(SipGen::assemble);
    }

    static Arbitrary<Message> message() {
        return Arbitraries.frequencyOf(Tuple.of(3, request()), Tuple.of(2, response()));
    }

    /** Body bytes, and whether Content-Length is written (always for a non-empty body). */
    record BodyParts(byte[] body, boolean contentLength, String clName, String clValueFormat, Piece contentType, String ctName) {
    }

    static Arbitrary<BodyParts> bodyParts() {
        Arbitrary<byte[]> text = Arbitraries.of(
            "v=0\r\no=alice 2890844526 2890844526 IN IP4 atlanta.example.com\r\ns=-\r\nc=IN IP4 192.0.2.101\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
            "hello", "Content-Length: 5\r\n\r\nhi\r\n", "SIP/2.0 200 OK\r\n\r\n").map(SipGen::utf8);
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200);
        Arbitrary<byte[]> body = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(new byte[0])), Tuple.of(2, text), Tuple.of(2, raw));
        return Combinators.combine(body, Arbitraries.of(true, true, false), name("Content-Length", "l"),
                Arbitraries.frequency(Tuple.of(9, "%d"), Tuple.of(1, "00%d")), contentType(), name("Content-Type", "c"))
            .as((b, cl, cln, fmt, ct, ctn) -> new BodyParts(b, cl || b.length > 0, cln, fmt, ct, ctn));
    }

    /** A message before header order, line terminators and LWS styles are chosen. */
    record Draft(boolean request, String method, String uri, int status, String reason, String startLine,
                 List<LineSpec> lines, BodyParts body) {
    }

    static Arbitrary<Message> assemble(Draft d) {
        List<LineSpec> specs = new ArrayList<>(d.lines);
        BodyParts bp = d.body;
        if (bp.body.length > 0) {
            specs.add(new LineSpec(Kind.CONTENT_TYPE, bp.ctName, ": ", List.of(bp.contentType)));
        }
        if (bp.contentLength) {
            String v = String.format(bp.clValueFormat, bp.body.length);
            specs.add(new LineSpec(Kind.CONTENT_LENGTH, bp.clName, ": ", List.of(new Piece(v, Integer.toString(bp.body.length)))));
        }
        Arbitrary<List<Integer>> order = Arbitraries.integers().between(0, 1000).list().ofSize(specs.size());
        Arbitrary<List<Integer>> styles = Arbitraries.integers().between(0, STYLES.length - 1).list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<Boolean> lfOnly = Arbitraries.frequency(Tuple.of(12, false), Tuple.of(1, true));
        Arbitrary<Boolean> shuffle = Arbitraries.of(false, true);
        return Combinators.combine(order, styles, lfOnly, shuffle).as((ord, st, lf, shuf) -> {
            List<LineSpec> ordered = new ArrayList<>(specs);
            if (shuf) {
                Integer[] idx = new Integer[specs.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = i;
                }
                Arrays.sort(idx, (a, b) -> Integer.compare(ord.get(a), ord.get(b)));
                ordered.clear();
                for (Integer i : idx) {
                    ordered.add(specs.get(i));
                }
            }
            String term = lf ? "\n" : "\r\n";
            Renderer r = new Renderer(st, lf);
            List<Line> lines = new ArrayList<>();
            for (LineSpec s : ordered) {
                lines.add(r.line(s, term));
            }
            return new Message(d.request, d.method, d.uri, d.status, d.reason, d.startLine, term, lines, bp.body);
        });
    }

    /** Writes out the LWS marks of header values, cycling through the chosen styles. */
    static final class Renderer {
        private final List<Integer> styles;
        private final boolean lf;
        private int next;

        Renderer(List<Integer> styles, boolean lf) {
            this.styles = styles;
            this.lf = lf;
        }

        private String style(boolean optional) {
            int i = styles.get(next++ % styles.size());
            if (optional && i == 0 && next % 3 == 0) {
                return "";
            }
            String s = STYLES[i];
            return lf ? s.replace("\r\n", "\n") : s;
        }

        /** Header value as read back: a fold is one space, other white space as written. */
        private static String read(String style) {
            return style.indexOf('\n') >= 0 ? " " : style;
        }

        Line line(LineSpec s, String term) {
            StringBuilder wire = new StringBuilder();
            StringBuilder value = new StringBuilder();
            List<String> valueElements = new ArrayList<>();
            List<String> typed = new ArrayList<>();
            for (int k = 0; k < s.elements.size(); k++) {
                if (k > 0) {
                    wire.append(',');
                    value.append(',');
                    String st = style(true);
                    wire.append(st);
                    value.append(read(st));
                }
                StringBuilder ev = new StringBuilder();
                String logical = s.elements.get(k).logical();
                for (int i = 0; i < logical.length(); i++) {
                    char c = logical.charAt(i);
                    if (c == LWS || c == OWS) {
                        String st = style(c == OWS);
                        wire.append(st);
                        ev.append(read(st));
                    } else {
                        wire.append(c);
                        ev.append(c);
                    }
                }
                value.append(ev);
                valueElements.add(ev.toString());
                typed.add(s.elements.get(k).typed());
            }
            return new Line(s.kind, s.name, s.sep, wire.toString(), value.toString(), valueElements, typed, term);
        }
    }
}
