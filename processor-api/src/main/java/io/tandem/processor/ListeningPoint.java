package io.tandem.processor;

/**
 * An address the EdgePort listens on, and the address it advertises for it (in Via, Record-Route
 * and Contact): the bind address unless an external address applies (Routr's externalAddrs).
 */
public record ListeningPoint(Transport transport, String bindHost, int port, String advertisedHost, int advertisedPort) {
    /** "host:port" as advertised. */
    public String hostPort() {
        return (advertisedHost.indexOf(':') >= 0 && !advertisedHost.startsWith("[") ? "[" + advertisedHost + "]" : advertisedHost)
            + ":" + advertisedPort;
    }
}
