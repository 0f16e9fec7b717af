package io.tandem.edgeport.config;

/**
 * Tandem extension {@code spec.limits}.
 *
 * @param maxConnections accepted (inbound) stream connections in total; default 10000
 * @param maxConnectionsPerAddress accepted stream connections from one source IP; default 64
 * @param maxMessageSize largest message in bytes, headers and body; default 65535. Larger
 *     datagrams are dropped, a larger message on a stream closes the connection
 * @param idleTimeoutSeconds a connection with no traffic either way for this long is closed;
 *     default 600 (clients keep theirs open with CRLF keep-alives, RFC 5626 §4.4.1)
 * @param tlsHandshakeTimeoutMillis a TLS or WSS connection whose handshake has not completed
 *     this long after the accept is closed, so idle half-open handshakes cannot hold the slots; default 5000
 */
public record Limits(int maxConnections, int maxConnectionsPerAddress, int maxMessageSize, int idleTimeoutSeconds,
                     long tlsHandshakeTimeoutMillis) {
    public static final Limits DEFAULT = new Limits(10_000, 64, 65_535, 600, 5_000);

    public Limits {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxMessageSize < 1 || idleTimeoutSeconds < 1
            || tlsHandshakeTimeoutMillis < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** With the default TLS handshake timeout. */
    public Limits(int maxConnections, int maxConnectionsPerAddress, int maxMessageSize, int idleTimeoutSeconds) {
        this(maxConnections, maxConnectionsPerAddress, maxMessageSize, idleTimeoutSeconds, 5_000);
    }
}
