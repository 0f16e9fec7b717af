package io.tandem.edgeport.config;

import io.tandem.config.ConfigProblem;
import io.tandem.config.ConfigException;
import io.tandem.config.Cidr;
import io.tandem.edgeport.config.EdgePortConfig.UnknownMethodAction;
import io.tandem.edgeport.config.SecurityContext.ClientAuthType;
import io.tandem.processor.Transport;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Maps a schema-valid document to {@link EdgePortConfig}, applying defaults and the checks a
 * schema cannot express: IP literals and CIDR networks, listeners that would share a socket,
 * TLS/WSS listeners without credentials, unreadable key files, T2 &lt; T1, TLS versions.
 */
final class ConfigReader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReader.class);
    private static final Set<String> SPEC_FIELDS = Set.of("bindAddr", "externalAddrs", "localnets", "methods",
        "unknownMethodAction", "processor", "transport", "securityContext", "timers", "limits", "proxy", "security");

    private final Path file;
    private final Path baseDir;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigReader(Path file) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.baseDir = parent == null ? Path.of(".") : parent;
    }

    EdgePortConfig read(JsonNode root) {
        JsonNode spec = root.path("spec");
        for (String f : spec.propertyNames()) {
            if (!SPEC_FIELDS.contains(f)) {
                LOG.warn("{}: spec.{}: unknown field ignored", file, f);
            }
        }
        String bind = ipLiteral(spec.path("bindAddr").asString("0.0.0.0"), "spec.bindAddr");
        List<String> external = strings(spec.path("externalAddrs"));
        List<Cidr> localnets = new ArrayList<>();
        JsonNode nets = spec.path("localnets");
        for (int i = 0; i < nets.size(); i++) {
            try {
                localnets.add(Cidr.parse(nets.get(i).asString()));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("spec.localnets[" + i + "]", e.getMessage()));
            }
        }
        List<String> methods = spec.has("methods") ? strings(spec.get("methods")) : EdgePortConfig.DEFAULT_METHODS;
        UnknownMethodAction action = "Respond".equals(spec.path("unknownMethodAction").asString("Discard"))
            ? UnknownMethodAction.RESPOND : UnknownMethodAction.DISCARD;
        String processor = spec.path("processor").path("addr").asString(null);
        List<TransportSpec> transports = transports(spec.path("transport"), bind);
        SecurityContext security = security(spec.path("securityContext"), transports);
        Timers timers = timers(spec.path("timers"));
        Limits limits = limits(spec.path("limits"));
        ProxyOptions proxy = new ProxyOptions(spec.path("proxy").path("serverHeader").asString(ProxyOptions.DEFAULT.serverHeader()),
            spec.path("proxy").path("processorTimeout").asLong(ProxyOptions.DEFAULT.processorTimeoutMillis()));
        if (!problems.isEmpty()) {
            throw new ConfigException(file.toString(), problems);
        }
        return new EdgePortConfig(file, root.path("ref").asString(), root.path("apiVersion").asString(),
            root.path("metadata").path("region").asString("default"), bind, external, localnets, methods, action,
            processor, security, transports, timers, limits, proxy, spec.path("security"));
    }

    private List<TransportSpec> transports(JsonNode list, String defaultBind) {
        List<TransportSpec> out = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String path = "spec.transport[" + i + "]";
            Transport proto = Transport.of(t.path("protocol").asString());
            String bind = t.has("bindAddr") ? ipLiteral(t.get("bindAddr").asString(), path + ".bindAddr") : defaultBind;
            int port = t.path("port").asInt();
            if (proto == null || bind == null) {
                continue;
            }
            TransportSpec spec = new TransportSpec(proto, bind, port);
            for (int j = 0; j < out.size(); j++) {
                if (sameSocket(out.get(j), spec)) {
                    problems.add(new ConfigProblem(path + ".port", (proto.isStream() ? "TCP" : "UDP") + " port " + port + " on "
                        + bind + " is already used by " + paths.get(j) + " (" + out.get(j).protocol().uriParam() + ")"));
                }
            }
            out.add(spec);
            paths.add(path);
        }
        return out;
    }

    /** TCP, TLS, WS and WSS share the TCP port space; a wildcard overlaps every address of its family ("::" both). */
    static boolean sameSocket(TransportSpec a, TransportSpec b) {
        if (a.port() != b.port() || a.port() == 0 || a.protocol().isStream() != b.protocol().isStream()) {
            return false;
        }
        InetAddress x = InetAddress.ofLiteral(a.bindAddr());
        InetAddress y = InetAddress.ofLiteral(b.bindAddr());
        if (x.equals(y)) {
            return true;
        }
        boolean v6wild = x.isAnyLocalAddress() && x.getAddress().length == 16 || y.isAnyLocalAddress() && y.getAddress().length == 16;
        boolean sameFamily = x.getAddress().length == y.getAddress().length;
        return v6wild || sameFamily && (x.isAnyLocalAddress() || y.isAnyLocalAddress());
    }

    private SecurityContext security(JsonNode sc, List<TransportSpec> transports) {
        boolean secure = transports.stream().anyMatch(t -> t.protocol().isSecure());
        Path keyStore = file(sc, "keyStore", secure);
        Path trustStore = file(sc, "trustStore", secure);
        Path cert = file(sc, "certificate", secure);
        Path key = file(sc, "privateKey", secure);
        if (sc.has("certificate") != sc.has("privateKey")) {
            problems.add(new ConfigProblem("spec.securityContext." + (sc.has("certificate") ? "privateKey" : "certificate"),
                "certificate and privateKey must be given together"));
        }
        String ksType = sc.path("keyStoreType").asString("pkcs12");
        String tsType = sc.path("trustStoreType").asString("pkcs12");
        checkType(ksType, "keyStoreType");
        checkType(tsType, "trustStoreType");
        List<String> protocols = new ArrayList<>();
        for (String p : strings(sc.path("client").path("protocols"))) {
            if (SecurityContext.SUPPORTED_PROTOCOLS.contains(p)) {
                protocols.add(p);
            } else {
                LOG.warn("{}: spec.securityContext.client.protocols: {} ignored (only TLSv1.2 and TLSv1.3 are enabled)", file, p);
            }
        }
        if (protocols.isEmpty()) {
            protocols = SecurityContext.SUPPORTED_PROTOCOLS;
        }
        ClientAuthType auth = ClientAuthType.of(sc.path("client").path("authType").asString("Disabled"));
        SecurityContext ctx = new SecurityContext(keyStore, sc.path("keyStorePassword").asString(""), ksType, trustStore,
            sc.path("trustStorePassword").asString(""), tsType, cert, key, sc.path("privateKeyPassword").asString(null),
            protocols, auth);
        for (int i = 0; i < transports.size(); i++) {
            if (transports.get(i).protocol().isSecure() && !ctx.hasServerCredentials()) {
                problems.add(new ConfigProblem("spec.transport[" + i + "].protocol", transports.get(i).protocol().uriParam()
                    + " needs spec.securityContext.keyStore, or certificate and privateKey"));
            }
        }
        return ctx;
    }

    /** A path relative to the configuration's directory; when it matters, it must be a readable file. */
    private Path file(JsonNode sc, String field, boolean check) {
        if (!sc.has(field)) {
            return null;
        }
        Path p = baseDir.resolve(sc.get(field).asString()).normalize();
        if (check && !Files.isReadable(p)) {
            problems.add(new ConfigProblem("spec.securityContext." + field, "file not found or not readable: " + p));
        }
        return p;
    }

    private void checkType(String type, String field) {
        try {
            KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            problems.add(new ConfigProblem("spec.securityContext." + field, "unknown keystore type " + type + " (pkcs12 or jks)"));
        }
    }

    private Timers timers(JsonNode t) {
        long t1 = t.path("t1").asLong(Timers.DEFAULT.t1());
        long t2 = t.path("t2").asLong(Timers.DEFAULT.t2());
        long t4 = t.path("t4").asLong(Timers.DEFAULT.t4());
        long c = t.path("timerC").asLong(Timers.DEFAULT.timerC());
        long linger = t.path("linger").asLong(Timers.DEFAULT.linger());
        if (t2 < t1) {
            problems.add(new ConfigProblem("spec.timers.t2", "must not be less than t1 (" + t1 + " ms)"));
            return Timers.DEFAULT;
        }
        if (linger != 0 && linger < 2 * t1) {
            // shorter than two retransmission intervals, it would not even absorb the first ones (§17.1.2.2)
            problems.add(new ConfigProblem("spec.timers.linger", "must be 0 (the RFC's 64·T1) or at least 2·t1 (" + 2 * t1
                + " ms), not " + linger));
            return Timers.DEFAULT;
        }
        return new Timers(t1, t2, t4, c, linger);
    }

    private static Limits limits(JsonNode l) {
        Limits d = Limits.DEFAULT;
        return new Limits(l.path("maxConnections").asInt(d.maxConnections()),
            l.path("maxConnectionsPerAddress").asInt(d.maxConnectionsPerAddress()),
            l.path("maxMessageSize").asInt(d.maxMessageSize()),
            l.path("idleTimeoutSeconds").asInt(d.idleTimeoutSeconds()),
            l.path("tlsHandshakeTimeout").asLong(d.tlsHandshakeTimeoutMillis()));
    }

    private String ipLiteral(String s, String path) {
        try {
            Cidr.literal(s);
            return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(path, "not an IP address: " + s));
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode n : array.values()) {
            out.add(n.asString());
        }
        return out;
    }
}
