package io.tandem.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * The address of a gRPC service between components (Routr's {@code addr}, {@code bindAddr}, a
 * {@code --listen}): {@code HOST:PORT}, the host a name ({@code connect}, {@code dispatcher.svc.local}),
 * an IPv4 address or an IPv6 address in brackets ({@code [::1]:51904}, RFC 3986 §3.2.2).
 *
 * @param host as written, without brackets
 * @param port 1-65535 (0 only where a listener may pick a free port)
 */
public record ServiceAddress(String host, int port) {
    /** A service to reach: the port is 1-65535. Throws IllegalArgumentException with the reason. */
    public static ServiceAddress parse(String text) {
        return parse(text, false);
    }

    /** An address to listen on: as {@link #parse(String)}, and port 0 picks a free one. */
    public static ServiceAddress parseListen(String text) {
        return parse(text, true);
    }

    private static ServiceAddress parse(String text, boolean listening) {
        String t = text == null ? "" : text.strip();
        if (t.contains("://")) {
            throw new IllegalArgumentException("'" + t + "': HOST:PORT takes no scheme");
        }
        int colon = t.lastIndexOf(':');
        if (colon < 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + t + "' is not HOST:PORT (a host name, an IPv4 address or [IPv6], then the port)");
        }
        String host = t.substring(0, colon);
        String portText = t.substring(colon + 1);
        int port;
        try {
            port = portText.chars().allMatch(Character::isDigit) && portText.length() <= 5 ? Integer.parseInt(portText) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < (listening ? 0 : 1) || port > 65_535) {
            throw new IllegalArgumentException("'" + t + "': the port '" + portText + "' is not a number between "
                + (listening ? 0 : 1) + " and 65535");
        }
        if (host.startsWith("[")) {
            String literal = host.endsWith("]") ? host.substring(1, host.length() - 1) : "";
            try {
                Inet6Address.ofLiteral(literal);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + t + "': '" + host + "' is not an IPv6 address in brackets");
            }
            return new ServiceAddress(literal, port);
        }
        if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + t + "': an IPv6 address is written in brackets ([" + host + "]:" + portText + ")");
        }
        if (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            try {
                Inet4Address.ofLiteral(host);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + t + "': '" + host + "' is not an IPv4 address");
            }
            return new ServiceAddress(host, port);
        }
        if (!isHostName(host)) {
            throw new IllegalArgumentException("'" + t + "': '" + host + "' is not a host name (letters, digits, '-', '_' and dots)");
        }
        return new ServiceAddress(host, port);
    }

    /** RFC 1123 §2.1 labels (with '_', which service names carry), 1-63 characters each, 253 in all. */
    private static boolean isHostName(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The socket address, unresolved for a name (resolved when connecting or binding). */
    public InetSocketAddress socketAddress() {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))
            ? new InetSocketAddress(host, port) : InetSocketAddress.createUnresolved(host, port);
    }

    /** As written back: {@code host:port}, {@code [v6]:port}. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
