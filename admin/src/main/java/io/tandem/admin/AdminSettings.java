package io.tandem.admin;

import com.networknt.schema.Schema;
import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
import io.tandem.grpc.LinkSecurity;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code spec.api} of {@code provisioning.yaml}: where the admin API listens and its keys. No keys: no API.
 *
 * <pre>
 * spec:
 *   provider: database
 *   api:
 *     listen: 0.0.0.0:51907                          # gRPC, Routr's API port
 *     keys:
 *       - {id: ops, secret: "at least 16 characters", role: admin}
 *       - {id: acme, secretSha256: "9f86d0...", role: operator, tenant: domain-acme}
 *       - {id: noc, secret: "...", role: viewer}
 *     tls:                                           # optional: TLS on the gRPC port, and the HTTP API on HTTPS only
 *       certificate: api.crt                         # PEM chain, relative to the configuration directory
 *       privateKey: api.key                          # PEM PKCS#8
 *       clientCa: clients-ca.crt                     # optional: require client certificates it issued
 *     httpsListen: 0.0.0.0:51908                     # with tls: the JSON/HTTP API's HTTPS port (default)
 * </pre>
 *
 * @param tls the certificate of both ports, or null for plaintext gRPC and the HTTP API on the --http server
 * @param https with {@code tls}, where the JSON/HTTP API is served over HTTPS; else null
 */
public record AdminSettings(InetSocketAddress grpc, ApiKeys keys, LinkSecurity tls, InetSocketAddress https) {
    private static final Schema SCHEMA = ConfigDocument.schema(AdminSettings.class, "/schema/admin-api.schema.json");
    public static final int DEFAULT_PORT = 51907;
    public static final int DEFAULT_HTTPS_PORT = 51908;

    /** Plaintext gRPC on {@code grpc}, the HTTP API on the --http server. */
    public AdminSettings(InetSocketAddress grpc, ApiKeys keys) {
        this(grpc, keys, null, null);
    }

    /** The settings of {@code configDir/provisioning.yaml}; null when it has no API keys. */
    public static AdminSettings load(Path configDir) {
        Path file = configDir.resolve("provisioning.yaml");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode api = ConfigDocument.read(ConfigDocument.text(file), file.toString(), SCHEMA).path("spec").path("api");
        List<ApiKeys.Key> keys = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode k : api.path("keys")) {
            String at = "spec.api.keys[" + i++ + "]";
            Role role = Role.parse(k.path("role").stringValue());
            String tenant = k.path("tenant").asString(null);
            if (role == Role.OPERATOR && tenant == null) {
                problems.add(new ConfigProblem(at + ".tenant", "is required for an operator key (the Domain ref it manages)"));
            }
            if (!ids.add(k.path("id").stringValue())) {
                problems.add(new ConfigProblem(at + ".id", "'" + k.path("id").stringValue() + "' is used by another key"));
            }
            byte[] hash = k.has("secret") ? ApiKeys.sha256(k.path("secret").stringValue()) : ApiKeys.hex(k.path("secretSha256").stringValue());
            keys.add(new ApiKeys.Key(k.path("id").stringValue(), hash, role, tenant));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(file.toString(), problems);
        }
        if (keys.isEmpty()) {
            return null;
        }
        InetSocketAddress grpc = address(file, "spec.api.listen", api.path("listen").asString("0.0.0.0:" + DEFAULT_PORT));
        if (!api.has("tls")) {
            return new AdminSettings(grpc, new ApiKeys(keys));
        }
        JsonNode tls = api.path("tls");
        LinkSecurity security;
        try {
            security = new LinkSecurity(configDir.resolve(tls.path("certificate").stringValue()),
                configDir.resolve(tls.path("privateKey").stringValue()),
                tls.has("clientCa") ? configDir.resolve(tls.path("clientCa").stringValue()) : null);
            security.jdkContext(true); // a file that is not PEM, or a key that is not the certificate's: refused now
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem("spec.api.tls", e.getMessage())));
        }
        return new AdminSettings(grpc, new ApiKeys(keys), security,
            address(file, "spec.api.httpsListen", api.path("httpsListen").asString("0.0.0.0:" + DEFAULT_HTTPS_PORT)));
    }

    private static InetSocketAddress address(Path file, String field, String listen) {
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(listen.substring(colon + 1));
        if (port > 65535) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(field, "port " + port + " is above 65535")));
        }
        return new InetSocketAddress(host, port);
    }
}
