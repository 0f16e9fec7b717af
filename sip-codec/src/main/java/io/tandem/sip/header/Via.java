package io.tandem.sip.header;

import io.tandem.sip.CharClass;
import io.tandem.sip.Lexer;
import io.tandem.sip.Parameters;
import io.tandem.sip.SipParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One via-parm of a Via header (RFC 3261 §20.42, §25.1): sent-protocol, sent-by and parameters,
 * including received and rport (RFC 3581) and IPv6 references (RFC 5118).
 */
public final class Via {
    /** The branch prefix that marks RFC 3261 transaction ids (§8.1.1.7). */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private final String protocol;
    private final String transport;
    private final String host;
    private final int port;
    private final Parameters params;

    public Via(String protocol, String transport, String host, int port, Parameters params) {
        this.protocol = protocol;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = params;
    }

    /** A new Via "SIP/2.0/{transport} host[:port];branch=...". */
    public static Via of(String transport, String host, int port, String branch) {
        return new Via("SIP/2.0", transport, host, port, Parameters.of("branch", branch));
    }

    /** "SIP/2.0" as written (protocol name and version). */
    public String protocol() { return protocol; }
    /** Transport token as written, e.g. "UDP", "TLS", "WSS". */
    public String transport() { return transport; }
    /** Host as written; IPv6 references keep their brackets. */
    public String host() { return host; }
    /** Port, or -1 when sent-by has none. */
    public int port() { return port; }
    public Parameters params() { return params; }
    public String branch() { return params.get("branch"); }
    public String received() { return params.get("received"); }
    public String maddr() { return params.get("maddr"); }

    /** ttl parameter, or -1. */
    public int ttl() {
        String t = params.get("ttl");
        return t == null ? -1 : parseSmall(t, "ttl");
    }

    /** True when an rport parameter is present, with or without a value (RFC 3581 §4). */
    public boolean hasRport() { return params.has("rport"); }

    /** rport value, 0 when present without a value, -1 when absent. */
    public int rport() {
        if (!params.has("rport")) {
            return -1;
        }
        String v = params.get("rport");
        return v == null ? 0 : parseSmall(v, "rport");
    }

    /**
     * Whether the branch carries the RFC 3261 magic cookie followed by an identifier (§8.1.1.7,
     * §17.2.3). The cookie alone identifies nothing, so such a request falls back to RFC 2543
     * transaction matching (RFC 4475 §3.2.1).
     */
    public boolean isRfc3261Branch() {
        String b = branch();
        return b != null && b.length() > MAGIC_COOKIE.length() && b.startsWith(MAGIC_COOKIE);
    }

    /** sent-by as "host" or "host:port". */
    public String sentBy() {
        return port < 0 ? host : host + ":" + port;
    }

    public Via withParam(String name, String value) {
        return new Via(protocol, transport, host, port, params.with(name, value));
    }

    public Via withoutParam(String name) {
        return new Via(protocol, transport, host, port, params.without(name));
    }

    private static int parseSmall(String v, String name) {
        if (v.isEmpty() || v.length() > 9) {
            throw new SipParseException("Via", name + " is not a valid number: " + v, -1);
        }
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new SipParseException("Via", name + " is not a valid number: " + v, -1);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Parses a Via header value: one or more comma-separated via-parms. */
    public static List<Via> parseList(byte[] b, int start, int end) {
        Lexer lx = new Lexer(b, start, end, "Via");
        List<Via> out = new ArrayList<>(2);
        lx.skipLws();
        do {
            out.add(parseOne(lx));
            lx.skipLws();
        } while (lx.accept(','));
        if (!lx.atEnd()) {
            throw lx.error("unexpected '" + (char) lx.peek() + "' after via-parm");
        }
        return out;
    }

    public static Via parse(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Via> l = parseList(b, 0, b.length);
        if (l.size() != 1) {
            throw new SipParseException("Via", "expected one via-parm, found " + l.size(), -1);
        }
        return l.get(0);
    }

    private static Via parseOne(Lexer lx) {
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport (SLASH = SWS "/" SWS)
        int ps = lx.pos();
        lx.token();
        lx.expect('/');
        lx.token();
        int pe = lx.pos();
        String protocol = compact(lx.ascii(ps, pe));
        lx.expect('/');
        String transport = lx.token();
        int before = lx.pos();
        lx.skipLws();
        if (lx.pos() == before) {
            throw lx.error("expected white space between sent-protocol and sent-by");
        }
        String host = HostPort.host(lx);
        int port = -1;
        if (lx.accept(':')) {
            port = HostPort.port(lx);
        }
        Parameters params = Parameters.parse(lx, Via::isParamChar, true, true);
        return new Via(protocol, transport, host, port, params);
    }

    private static String compact(String s) {
        if (s.indexOf(' ') < 0 && s.indexOf('\t') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** gen-value characters: token, plus ':' so an unbracketed IPv6 received value reads (RFC 5118 §4.5). */
    private static boolean isParamChar(int c) {
        return CharClass.isToken(c) || c == ':';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Via v && v.toString().equalsIgnoreCase(toString());
    }

    @Override
    public int hashCode() {
        return toString().toLowerCase(java.util.Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(protocol).append('/').append(transport).append(' ').append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        return params.appendTo(sb).toString();
    }
}
