package io.tandem.admin;

import com.networknt.schema.Schema;
import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
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
 * </pre>
 */
public record AdminSettings(InetSocketAddress grpc, ApiKeys keys) {
    private static final Schema SCHEMA = ConfigDocument.schema(AdminSettings.class, "/schema/admin-api.schema.json");
    public static final int DEFAULT_PORT = 51907;

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
        String listen = api.path("listen").asString("0.0.0.0:" + DEFAULT_PORT);
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(listen.substring(colon + 1));
        if (port > 65535) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem("spec.api.listen", "port " + port + " is above 65535")));
        }
        return new AdminSettings(new InetSocketAddress(host, port), new ApiKeys(keys));
    }
}
