package io.tandem.sip.header;

import io.tandem.sip.CharClass;
import io.tandem.sip.Lexer;
import io.tandem.sip.Parameters;
import io.tandem.sip.SipParseException;
import io.tandem.sip.uri.Uri;
import io.tandem.sip.uri.UriParser;
import java.util.ArrayList;
import java.util.List;

/**
 * A name-addr or addr-spec with header parameters, the value of From, To, Contact, Route,
 * Record-Route, Path and similar headers (RFC 3261 §20.10, §25.1). In the addr-spec form (no
 * angle brackets) everything after the first ';' is a header parameter (§20.10), and the URI may
 * contain none of ',', ';', '?'. A Contact of {@code *} is {@link #WILDCARD}.
 */
public final class NameAddress {
    /** {@code Contact: *} (RFC 3261 §10.2.2). */
    public static final NameAddress WILDCARD = new NameAddress(null, null, Parameters.EMPTY, false);

    private final String displayName;
    private final Uri uri;
    private final Parameters params;
    private final boolean quoted;

    public NameAddress(String displayName, Uri uri, Parameters params, boolean quotedDisplayName) {
        this.displayName = displayName;
        this.uri = uri;
        this.params = params;
        this.quoted = quotedDisplayName;
    }

    public static NameAddress of(Uri uri) {
        return new NameAddress(null, uri, Parameters.EMPTY, false);
    }

    public static NameAddress of(String displayName, Uri uri) {
        return new NameAddress(displayName, uri, Parameters.EMPTY, true);
    }

    /** Display name without quotes or escapes, or null. */
    public String displayName() { return displayName; }
    /** The URI; null only for the wildcard. */
    public Uri uri() { return uri; }
    public Parameters params() { return params; }
    public boolean isWildcard() { return this == WILDCARD; }
    public String tag() { return params.get("tag"); }

    /** Contact expires parameter (§10.2.1.1), or -1 if absent or not a number. */
    public long expires() {
        String e = params.get("expires");
        if (e == null || e.isEmpty() || e.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Contact q parameter (§20.10) in thousandths (0..1000), or -1 if absent or invalid. */
    public int q() {
        String q = params.get("q");
        if (q == null) {
            return -1;
        }
        // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
        if (q.isEmpty() || (q.charAt(0) != '0' && q.charAt(0) != '1') || q.length() > 5) {
            return -1;
        }
        int v = (q.charAt(0) - '0') * 1000;
        if (q.length() > 1) {
            if (q.charAt(1) != '.') {
                return -1;
            }
            int scale = 100;
            for (int i = 2; i < q.length(); i++, scale /= 10) {
                char c = q.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v += (c - '0') * scale;
            }
        }
        return v > 1000 ? -1 : v;
    }

    public NameAddress withParam(String name, String value) {
        return new NameAddress(displayName, uri, params.with(name, value), quoted);
    }

    public NameAddress withoutParam(String name) {
        return new NameAddress(displayName, uri, params.without(name), quoted);
    }

    public NameAddress withTag(String tag) {
        return withParam("tag", tag);
    }

    public NameAddress withUri(Uri newUri) {
        return new NameAddress(displayName, newUri, params, quoted);
    }

    /** Parses one value (From, To). */
    public static NameAddress parse(byte[] b, int start, int end, String header) {
        Lexer lx = new Lexer(b, start, end, header);
        lx.skipLws();
        NameAddress na = parseOne(lx, false);
        lx.skipLws();
        if (!lx.atEnd()) {
            throw lx.error("unexpected '" + (char) lx.peek() + "' after the address");
        }
        return na;
    }

    public static NameAddress parse(String s, String header) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return parse(b, 0, b.length, header);
    }

    /** Parses a comma-separated list (Contact, Route, Record-Route, Path). */
    public static List<NameAddress> parseList(byte[] b, int start, int end, String header, boolean wildcardAllowed) {
        Lexer lx = new Lexer(b, start, end, header);
        lx.skipLws();
        if (wildcardAllowed && lx.peek() == '*') {
            // Only a lone "*" is the wildcard (§20.10); "*" may also start a token display name.
            int save = lx.pos();
            lx.next();
            lx.skipLws();
            if (lx.atEnd()) {
                return List.of(WILDCARD);
            }
            lx.pos(save);
        }
        List<NameAddress> out = new ArrayList<>(2);
        do {
            out.add(parseOne(lx, true));
            lx.skipLws();
        } while (lx.accept(','));
        if (!lx.atEnd()) {
            throw lx.error("unexpected '" + (char) lx.peek() + "' after the address");
        }
        return out;
    }

    private static NameAddress parseOne(Lexer lx, boolean inList) {
        int s = lx.pos();
        String display = null;
        boolean quoted = false;
        if (lx.peek() == '"') {
            display = lx.quotedString();
            quoted = true;
            lx.skipLws();
            if (lx.peek() != '<') {
                throw lx.error("expected '<' after the quoted display name");
            }
        } else if (lx.peek() != '<') {
            // display-name = *(token LWS): tokens followed by '<', else this is an addr-spec,
            // which starts with a scheme (a single token) and ':'.
            int tokensEnd = scanTokens(lx);
            if (lx.peek() == '<') {
                display = lx.ascii(s, tokensEnd).trim();
            } else if (lx.peek() == ':' && tokensEnd == lx.pos() && isSingleToken(lx.bytes(), s, tokensEnd)) {
                lx.pos(s);
                return addrSpec(lx, inList);
            } else {
                // RFC 4475 §3.1.2.15: an unquoted display name with non-token characters.
                throw lx.error(lx.atEnd() ? "expected '<' or ':' after '" + lx.ascii(s, tokensEnd) + "'"
                    : "invalid character '" + (char) lx.peek() + "' in an unquoted display name"
                        + " (display-name = *(token LWS) / quoted-string, RFC 3261 §25.1)");
            }
        }
        lx.next(); // '<'
        int us = lx.pos();
        while (!lx.atEnd() && lx.peek() != '>') {
            lx.next();
        }
        if (lx.atEnd()) {
            throw lx.error("missing '>' after the URI");
        }
        // LAQUOT = SWS "<" and RAQUOT = ">" SWS (§25.1): no white space inside the brackets
        // around the addr-spec (RFC 4475 §3.1.2.14).
        byte[] bytes = lx.bytes();
        if (us < lx.pos() && (isLws(bytes[us]) || isLws(bytes[lx.pos() - 1]))) {
            throw lx.errorAt(isLws(bytes[us]) ? us : lx.pos() - 1, "white space inside '<' '>' around the URI");
        }
        Uri uri = uri(lx, us, lx.pos());
        lx.next(); // '>'
        Parameters params = Parameters.parse(lx, NameAddress::isParamChar, true, true);
        return new NameAddress(display, uri, params, quoted);
    }

    private static int scanTokens(Lexer lx) {
        int end = lx.pos();
        while (!lx.atEnd()) {
            int c = lx.peek();
            if (CharClass.isToken(c)) {
                lx.next();
                end = lx.pos();
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                lx.next();
            } else {
                break;
            }
        }
        return end;
    }

    private static NameAddress addrSpec(Lexer lx, boolean inList) {
        int us = lx.pos();
        while (!lx.atEnd()) {
            int c = lx.peek();
            if (c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || (inList && c == ',')) {
                break;
            }
            if (c == '?') {
                throw lx.error("URI with headers must be enclosed in '<' '>' (RFC 3261 §20)");
            }
            if (c == ',') {
                throw lx.error("URI with ',' must be enclosed in '<' '>' (RFC 3261 §20)");
            }
            lx.next();
        }
        if (lx.pos() == us) {
            throw lx.error(lx.atEnd() ? "missing address" : "expected an address but found '" + (char) lx.peek() + "'");
        }
        Uri uri = uri(lx, us, lx.pos());
        Parameters params = Parameters.parse(lx, NameAddress::isParamChar, true, true);
        return new NameAddress(null, uri, params, false);
    }

    /** Parses the URI in [s, e), reporting a failure as an error of this header at the URI's position. */
    private static Uri uri(Lexer lx, int s, int e) {
        try {
            return UriParser.parse(lx.bytes(), s, e);
        } catch (SipParseException x) {
            String problem = x.problem();
            String suffix = " (at offset " + x.offset() + ")";
            if (problem.endsWith(suffix)) {
                problem = problem.substring(0, problem.length() - suffix.length());
            }
            throw lx.errorAt(s + Math.max(x.offset(), 0), x.where() + ": " + problem);
        }
    }

    private static boolean isLws(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSingleToken(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (!CharClass.isToken(b[i])) {
                return false;
            }
        }
        return e > s;
    }

    /** gen-value characters: token, plus what host values and IPv6 need. */
    private static boolean isParamChar(int c) {
        return CharClass.isToken(c) || c == ':';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameAddress n && java.util.Objects.equals(displayName, n.displayName)
            && java.util.Objects.equals(String.valueOf(uri), String.valueOf(n.uri)) && params.equals(n.params);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(displayName, String.valueOf(uri), params);
    }

    /** Canonical rendering: {@code "Name" <uri>;params}, or {@code *}. */
    @Override
    public String toString() {
        if (this == WILDCARD) {
            return "*";
        }
        StringBuilder sb = new StringBuilder(64);
        if (displayName != null && !displayName.isEmpty()) {
            if (quoted) {
                sb.append('"');
                for (int i = 0; i < displayName.length(); i++) {
                    char c = displayName.charAt(i);
                    // qdtext excludes '"', '\\' and the controls other than LWS; those go back out as
                    // the quoted-pairs they were read from (RFC 3261 §25.1; e.g. NUL in RFC 4475 §3.1.1.2).
                    // CR and LF cannot be quoted-pairs; they only occur as part of a fold.
                    if (c == '"' || c == '\\' || (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append("\" ");
            } else {
                sb.append(displayName).append(' ');
            }
        }
        sb.append('<').append(uri).append('>');
        return params.appendTo(sb).toString();
    }
}
