package io.tandem.location;

import io.tandem.processor.ListeningPoint;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One binding of an address of record (Routr's {@code Route} message), as a registrar stores it.
 *
 * <p>Expiry follows Routr: {@code registeredOn} is the registration time in epoch milliseconds and
 * {@code expires} the lifetime in seconds granted at that time (the REGISTER's Expires), so the
 * binding dies at {@link #expiresAt()}. A refresh is a new {@code Route} with a new
 * {@code registeredOn}.
 *
 * <p>{@code host}/{@code port}/{@code transport} come from the Contact; {@code received*} is where
 * the REGISTER really came from (differs behind NAT; route requests there, RFC 5626 §5.3).
 * {@code contactKey} identifies the binding within the AOR (RFC 3261 §10.3: AOR + Contact URI;
 * RFC 5626: instance-id + reg-id when both present); adding a route with an existing key replaces it.
 *
 * @param user           Contact user part (may be empty)
 * @param host           Contact host
 * @param port           Contact port
 * @param transport      UDP, TCP, TLS, WS, WSS or SCTP (upper case)
 * @param contactUri     the Contact URI as registered
 * @param contactKey     the binding's identity within the AOR
 * @param receivedHost   source address of the REGISTER
 * @param receivedPort   source port of the REGISTER
 * @param receivedTransport transport the REGISTER arrived on
 * @param edgePortRef    the EdgePort that received the REGISTER
 * @param listeningPoints the EdgePort listening points the binding is reachable through
 * @param path           Path header values, top first (RFC 3327)
 * @param instanceId     +sip.instance value (RFC 5626), or null
 * @param regId          reg-id (RFC 5626), 0 when absent
 * @param registeredOn   epoch milliseconds
 * @param expires        seconds granted, counted from {@code registeredOn}
 * @param sessionCount   sessions the endpoint reports (X-Session-Count), -1 when unknown
 * @param labels         selectors (Routr labels)
 */
public record Route(
    String user, String host, int port, String transport, String contactUri, String contactKey,
    String receivedHost, int receivedPort, String receivedTransport, String edgePortRef,
    List<ListeningPoint> listeningPoints, List<String> path, String instanceId, int regId,
    long registeredOn, int expires, int sessionCount, Map<String, String> labels) {

    public Route {
        user = user == null ? "" : user;
        Objects.requireNonNull(host, "host");
        checkPort(port);
        transport = normalize(transport);
        Objects.requireNonNull(contactUri, "contactUri");
        if (contactKey == null || contactKey.isBlank()) {
            throw new IllegalArgumentException("contactKey is blank");
        }
        Objects.requireNonNull(receivedHost, "receivedHost");
        checkPort(receivedPort);
        receivedTransport = normalize(receivedTransport);
        listeningPoints = listeningPoints == null ? List.of() : List.copyOf(listeningPoints);
        path = path == null ? List.of() : List.copyOf(path);
        if (regId < 0) {
            throw new IllegalArgumentException("negative reg-id");
        }
        if (expires < 0) {
            throw new IllegalArgumentException("negative expires");
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Epoch milliseconds at which the binding expires. */
    public long expiresAt() {
        return registeredOn + expires * 1000L;
    }

    /** Whether the binding is dead at {@code nowMillis}. */
    public boolean expiredAt(long nowMillis) {
        return expiresAt() <= nowMillis;
    }

    /** Seconds left at {@code nowMillis} (rounded up; 0 when expired), e.g. for a 200 OK's Contact expires. */
    public int remainingSeconds(long nowMillis) {
        long ms = expiresAt() - nowMillis;
        return ms <= 0 ? 0 : (int) ((ms + 999) / 1000);
    }

    /** The same binding with a new session count. */
    public Route withSessionCount(int count) {
        return toBuilder().sessionCount(count).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(String host, int port, String transport) {
        return new Builder(host, port, transport);
    }

    /** The default binding key: instance-id + reg-id when both are present (RFC 5626 §6), else the Contact URI. */
    public static String contactKeyOf(String contactUri, String instanceId, int regId) {
        return instanceId != null && regId > 0 ? instanceId + ";reg-id=" + regId : contactUri;
    }

    private static String normalize(String transport) {
        Objects.requireNonNull(transport, "transport");
        return transport.toUpperCase(Locale.ROOT);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
    }

    /** Builds a Route; unset received* default to the Contact's, contactUri and contactKey are derived. */
    public static final class Builder {
        private String user = "";
        private String host;
        private int port;
        private String transport;
        private String contactUri;
        private String contactKey;
        private String receivedHost;
        private int receivedPort = -1;
        private String receivedTransport;
        private String edgePortRef;
        private List<ListeningPoint> listeningPoints = List.of();
        private List<String> path = List.of();
        private String instanceId;
        private int regId;
        private long registeredOn = -1;
        private int expires = 3600;
        private int sessionCount = -1;
        private Map<String, String> labels = Map.of();

        private Builder(String host, int port, String transport) {
            this.host = host;
            this.port = port;
            this.transport = transport;
        }

        private Builder(Route r) {
            this(r.host, r.port, r.transport);
            user = r.user;
            contactUri = r.contactUri;
            contactKey = r.contactKey;
            receivedHost = r.receivedHost;
            receivedPort = r.receivedPort;
            receivedTransport = r.receivedTransport;
            edgePortRef = r.edgePortRef;
            listeningPoints = r.listeningPoints;
            path = r.path;
            instanceId = r.instanceId;
            regId = r.regId;
            registeredOn = r.registeredOn;
            expires = r.expires;
            sessionCount = r.sessionCount;
            labels = r.labels;
        }

        public Builder user(String v) { user = v; return this; }
        public Builder contactUri(String v) { contactUri = v; return this; }
        public Builder contactKey(String v) { contactKey = v; return this; }
        public Builder edgePortRef(String v) { edgePortRef = v; return this; }
        public Builder listeningPoints(List<ListeningPoint> v) { listeningPoints = v; return this; }
        public Builder path(List<String> v) { path = v; return this; }
        public Builder instance(String instanceId, int regId) { this.instanceId = instanceId; this.regId = regId; return this; }
        public Builder registeredOn(long epochMillis) { registeredOn = epochMillis; return this; }
        public Builder expires(int seconds) { expires = seconds; return this; }
        public Builder sessionCount(int v) { sessionCount = v; return this; }
        public Builder labels(Map<String, String> v) { labels = v; return this; }

        public Builder received(String host, int port, String transport) {
            receivedHost = host;
            receivedPort = port;
            receivedTransport = transport;
            return this;
        }

        public Route build() {
            String uri = contactUri != null ? contactUri : defaultUri();
            return new Route(user, host, port, transport, uri,
                contactKey != null ? contactKey : contactKeyOf(uri, instanceId, regId),
                receivedHost != null ? receivedHost : host, receivedPort >= 0 ? receivedPort : port,
                receivedTransport != null ? receivedTransport : transport, edgePortRef, listeningPoints, path,
                instanceId, regId, registeredOn >= 0 ? registeredOn : System.currentTimeMillis(), expires,
                sessionCount, labels);
        }

        private String defaultUri() {
            String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            String t = transport.equalsIgnoreCase("UDP") ? "" : ";transport=" + transport.toLowerCase(Locale.ROOT);
            return "sip:" + (user == null || user.isEmpty() ? "" : user + "@") + h + ":" + port + t;
        }
    }
}
