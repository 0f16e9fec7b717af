package io.tandem.sip.uri;

import io.tandem.sip.CharClass;
import io.tandem.sip.Parameters;
import io.tandem.sip.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable sip: or sips: URI (RFC 3261 §19.1). Components are kept as written (user and
 * parameter values still escaped; an IPv6 host keeps its brackets); {@link #toString()} of a parsed
 * URI is exactly the parsed text.
 *
 * <p>{@link #equivalentTo} implements the comparison rules of RFC 3261 §19.1.4. That relation is
 * not transitive (parameters present on one side only are ignored), so it cannot back
 * {@code equals}: {@code equals}/{@code hashCode} are structural — same scheme, same components
 * as written, parameter names ignoring case.
 */
public final class SipUri implements Uri {
    private final boolean secure;
    private final String user;
    private final String password;
    private final String host;
    private final int hostKind;
    private final int port;
    private final Parameters params;
    private final String headers;
    private String text; // lazily rendered for built URIs; benign race (String is immutable)
    private List<Map.Entry<String, String>> headerList;

    SipUri(String text, boolean secure, String user, String password, String host, int hostKind, int port,
           Parameters params, String headers) {
        this.text = text;
        this.secure = secure;
        this.user = user;
        this.password = password;
        this.host = host;
        this.hostKind = hostKind;
        this.port = port;
        this.params = params;
        this.headers = headers;
    }

    /** Parses a sip: or sips: URI; fails with {@link SipParseException} for any other scheme. */
    public static SipUri parse(String text) {
        Uri u = Uri.parse(text);
        if (u instanceof SipUri s) {
            return s;
        }
        throw new SipParseException(SipUriParser.WHERE, "not a sip or sips URI", 0);
    }

    /** {@code sip:user@host}; {@code user} as it is to be written (escaped) or null. */
    public static SipUri of(String user, String host) {
        return of(false, user, host, -1);
    }

    /**
     * Builds a URI from components. {@code user} is the escaped form (see {@link #escapeUser}) or
     * null; {@code host} a host name, IPv4 address or IPv6 address (brackets added if missing);
     * {@code port} -1 for none. Throws IllegalArgumentException for invalid components.
     */
    public static SipUri of(boolean secure, String user, String host, int port) {
        checkUser(user);
        String h = bracketed(host);
        return new SipUri(null, secure, user, null, h, hostKindOf(h), checkPort(port), Parameters.EMPTY, null);
    }

    /** Escapes plain text for use as a user part: keeps unreserved and user-unreserved characters. */
    public static String escapeUser(String plain) {
        return Escapes.encode(plain, c -> CharClass.isUnreserved(c) || CharClass.isUserUnreserved(c));
    }

    @Override
    public String scheme() {
        return secure ? "sips" : "sip";
    }

    /** True for sips:. */
    public boolean secure() { return secure; }

    /** The user part as written (still escaped), or null. */
    public String user() { return user; }

    /** The user part with escapes resolved (bytes read as UTF-8), or null. */
    public String userDecoded() { return user == null ? null : Escapes.decode(user); }

    /** The password as written, or null. */
    public String password() { return password; }

    /** The host as written; an IPv6 reference keeps its brackets, e.g. {@code [2001:db8::10]}. */
    public String host() { return host; }

    /** The port, or -1 if absent. */
    public int port() { return port; }

    public boolean hostIsIPv6() { return hostKind == Hosts.IPV6; }

    /** True for an IPv4 address or IPv6 reference. */
    public boolean hostIsNumeric() { return hostKind != Hosts.NAME; }

    /** The uri-parameters in order, values as written. */
    public Parameters params() { return params; }

    /** A parameter value, or null if absent or a flag. */
    public String param(String name) { return params.get(name); }

    public String transport() { return params.get("transport"); }

    /** The {@code user} URI parameter (e.g. "phone"); not the user part, see {@link #user()}. */
    public String userParam() { return params.get("user"); }

    public String method() { return params.get("method"); }

    public String maddr() { return params.get("maddr"); }

    /** The ttl parameter (0-255), or -1 if absent. */
    public int ttl() {
        String t = params.get("ttl");
        return t == null ? -1 : Integer.parseInt(t); // checked when parsed or set
    }

    /** True if the lr parameter is present (RFC 3261 §19.1.1, loose routing). */
    public boolean lr() { return params.has("lr"); }

    /** The headers part after '?', as written, or null. */
    public String headersRaw() { return headers; }

    /** The headers as (name, value) pairs in order, with escapes resolved; empty if none. */
    public List<Map.Entry<String, String>> headers() {
        List<Map.Entry<String, String>> l = headerList;
        if (l == null) {
            l = headers == null ? List.of() : splitHeaders(headers);
            headerList = l;
        }
        return l;
    }

    /** The first header of that name (ignoring case), unescaped, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    private static List<Map.Entry<String, String>> splitHeaders(String raw) {
        List<Map.Entry<String, String>> out = new ArrayList<>(2);
        int s = 0;
        while (s <= raw.length()) {
            int amp = raw.indexOf('&', s);
            int e = amp < 0 ? raw.length() : amp;
            int eq = raw.indexOf('=', s);
            out.add(Map.entry(Escapes.decode(raw.substring(s, eq)), Escapes.decode(raw.substring(eq + 1, e))));
            s = e + 1;
        }
        return List.copyOf(out);
    }

    // ---- copies (RFC 3261 §19.1) ----

    public SipUri withSecure(boolean s) {
        return s == secure ? this : copy(s, user, password, host, hostKind, port, params, headers);
    }

    /** A copy with this user part (escaped form) or none if null; removing the user removes the password. */
    public SipUri withUser(String newUser) {
        checkUser(newUser);
        return copy(secure, newUser, newUser == null ? null : password, host, hostKind, port, params, headers);
    }

    /** A copy with this password (escaped form) or none if null; needs a user part. */
    public SipUri withPassword(String newPassword) {
        if (newPassword != null) {
            if (user == null) {
                throw new IllegalArgumentException("a password needs a user part");
            }
            byte[] b = bytes(newPassword);
            check(() -> SipUriParser.checkPassword(b, 0, b.length, 0));
        }
        return copy(secure, user, newPassword, host, hostKind, port, params, headers);
    }

    /** A copy with this host; an IPv6 address without brackets gets them. */
    public SipUri withHost(String newHost) {
        String h = bracketed(newHost);
        return copy(secure, user, password, h, hostKindOf(h), port, params, headers);
    }

    /** A copy with this port, or without a port if -1. */
    public SipUri withPort(int newPort) {
        return copy(secure, user, password, host, hostKind, checkPort(newPort), params, headers);
    }

    /** A copy with parameter {@code name} set (replaced in place or appended); null value for a flag. */
    public SipUri withParam(String name, String value) {
        byte[] n = bytes(name);
        check(() -> {
            if (n.length == 0 || SipUriParser.paramChars(n, 0, n.length, 0) != n.length) {
                throw new SipParseException(SipUriParser.WHERE, "invalid parameter name", 0);
            }
            if (value != null) {
                byte[] v = bytes(value);
                if (v.length == 0 || SipUriParser.paramChars(v, 0, v.length, 0) != v.length) {
                    throw new SipParseException(SipUriParser.WHERE, "invalid value of parameter " + name, 0);
                }
            }
            SipUriParser.checkParamValue(name, value, 0);
        });
        return copy(secure, user, password, host, hostKind, port, params.with(name, value), headers);
    }

    public SipUri withoutParam(String name) {
        Parameters p = params.without(name);
        return p == params ? this : copy(secure, user, password, host, hostKind, port, p, headers);
    }

    public SipUri withoutParams() {
        return params.isEmpty() ? this : copy(secure, user, password, host, hostKind, port, Parameters.EMPTY, headers);
    }

    /** A copy with this headers part (escaped, without the '?'), or none if null. */
    public SipUri withHeaders(String raw) {
        if (raw != null) {
            byte[] b = bytes(raw);
            check(() -> SipUriParser.checkHeaders(b, 0, b.length, 0));
        }
        return copy(secure, user, password, host, hostKind, port, params, raw);
    }

    public SipUri withoutHeaders() {
        return headers == null ? this : copy(secure, user, password, host, hostKind, port, params, null);
    }

    private static SipUri copy(boolean secure, String user, String password, String host, int kind, int port,
                               Parameters params, String headers) {
        return new SipUri(null, secure, user, password, host, kind, port, params, headers);
    }

    private static void checkUser(String u) {
        if (u != null) {
            byte[] b = bytes(u);
            check(() -> SipUriParser.checkUser(b, 0, b.length, 0));
        }
    }

    private static String bracketed(String h) {
        Objects.requireNonNull(h, "host");
        return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    private static int hostKindOf(String h) {
        byte[] b = bytes(h);
        try {
            return Hosts.check(b, 0, b.length, SipUriParser.WHERE, 0);
        } catch (SipParseException e) {
            throw new IllegalArgumentException(e.problem() + ": " + h, e);
        }
    }

    private static int checkPort(int p) {
        if (p < -1 || p > 65535) {
            throw new IllegalArgumentException("port out of range: " + p);
        }
        return p;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void check(Runnable r) {
        try {
            r.run();
        } catch (SipParseException e) {
            throw new IllegalArgumentException(e.problem(), e);
        }
    }

    // ---- comparison ----

    /** URI equivalence per RFC 3261 §19.1.4. */
    public boolean equivalentTo(SipUri other) {
        return other != null && SipUriEquivalence.equivalent(this, other);
    }

    int hostKind() {
        return hostKind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri u && secure == u.secure && port == u.port && host.equals(u.host)
            && Objects.equals(user, u.user) && Objects.equals(password, u.password)
            && params.equals(u.params) && Objects.equals(headers, u.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secure, user, password, host, port, params, headers);
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            StringBuilder sb = new StringBuilder(64).append(secure ? "sips:" : "sip:");
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
            params.appendTo(sb);
            if (headers != null) {
                sb.append('?').append(headers);
            }
            t = sb.toString();
            text = t;
        }
        return t;
    }
}
