package io.tandem.processor;

import java.util.Locale;

/** SIP transports (RFC 3261 §18, RFC 7118 for WS/WSS). */
public enum Transport {
    UDP(false, false), TCP(true, false), TLS(true, true), WS(true, false), WSS(true, true);

    private final boolean stream;
    private final boolean secure;

    Transport(boolean stream, boolean secure) {
        this.stream = stream;
        this.secure = secure;
    }

    /** Connection-oriented (everything but UDP). */
    public boolean isStream() {
        return stream;
    }

    public boolean isSecure() {
        return secure;
    }

    /** The token in a Via header (RFC 3261 §20.42; RFC 7118 §5 uses "WS"/"WSS"). */
    public String viaToken() {
        return name();
    }

    /** The value of a URI transport parameter. */
    public String uriParam() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Default port: 5061 for TLS and WSS (sips), 5060 otherwise (RFC 3261 §19.1.2). */
    public int defaultPort() {
        return secure ? 5061 : 5060;
    }

    /** Parses "udp", "TCP", "wss"...; null when unknown. */
    public static Transport of(String token) {
        if (token == null) {
            return null;
        }
        return switch (token.toUpperCase(Locale.ROOT)) {
            case "UDP" -> UDP;
            case "TCP" -> TCP;
            case "TLS" -> TLS;
            case "WS" -> WS;
            case "WSS" -> WSS;
            default -> null;
        };
    }
}
