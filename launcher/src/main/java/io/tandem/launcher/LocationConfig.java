package io.tandem.launcher;

import com.networknt.schema.Schema;
import io.tandem.config.ConfigDocument;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
import io.tandem.location.LocationService;
import io.tandem.location.MemoryLocationService;
import io.tandem.location.RedisLocationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Routr v2's {@code kind: Location} document: {@code spec.cache.provider} is {@code memory}
 * (default) or {@code redis}, with {@code spec.cache.parameters} such as
 * {@code "host=127.0.0.1,port=6379"} (also {@code password}, {@code db}). Absent file: memory.
 */
record LocationConfig(String provider, Map<String, String> parameters) {
    static final LocationConfig MEMORY = new LocationConfig("memory", Map.of());
    private static final Schema SCHEMA = ConfigDocument.schema(LocationConfig.class, "/schema/location.schema.json");

    static LocationConfig load(Path dir) {
        Path file = null;
        for (String name : new String[] {"location.yaml", "location.yml", "location.json"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                file = dir.resolve(name);
            }
        }
        if (file == null) {
            return MEMORY;
        }
        JsonNode doc = ConfigDocument.read(ConfigDocument.text(file), file.toString(), SCHEMA);
        JsonNode cache = doc.path("spec").path("cache");
        String provider = cache.path("provider").asString("memory");
        Map<String, String> params = new LinkedHashMap<>();
        String raw = cache.path("parameters").asString("");
        for (String kv : raw.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw problem(file, "spec.cache.parameters", "expected key=value pairs separated by commas, got '" + kv.trim() + "'");
            }
            params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        if (provider.equals("redis") && params.containsKey("port")) {
            try {
                Integer.parseInt(params.get("port"));
            } catch (NumberFormatException e) {
                throw problem(file, "spec.cache.parameters", "port is not a number: " + params.get("port"));
            }
        }
        return new LocationConfig(provider, params);
    }

    private static ConfigException problem(Path file, String path, String reason) {
        return new ConfigException(file.toString(), List.of(new ConfigProblem(path, reason)));
    }

    /** The provider; Redis connects lazily, so a Redis that is down shows in /readyz, not as a start failure. */
    LocationService create() {
        if (provider.equals("memory")) {
            return new MemoryLocationService();
        }
        return RedisLocationService.connect(redisUri());
    }

    /** How long one call to a remote Location may take. */
    static final long REMOTE_DEADLINE_MILLIS = 2000;

    /**
     * The Location this process uses: the one at {@code remote} (HOST:PORT of {@code tandem
     * location}, over gRPC) when given, else this document's provider (Redis reconnecting when it
     * is down at start).
     */
    LocationService open(String remote, io.tandem.grpc.LinkSecurity security) {
        if (remote != null) {
            return new io.tandem.grpc.RemoteLocation(remote, REMOTE_DEADLINE_MILLIS, security);
        }
        return provider.equals("memory") ? create() : new io.tandem.location.ReconnectingLocation(this::create, describe());
    }

    /** As {@link #describe()}, for the Location {@link #open} gives. */
    String describe(String remote) {
        return remote != null ? "remote at " + remote : describe();
    }

    /** The Redis to use (location, shared bans), or null when the provider is memory. */
    String redisUri() {
        return provider.equals("memory") ? null : "redis://" + (parameters.containsKey("password") ? parameters.get("password") + "@" : "")
            + parameters.getOrDefault("host", "127.0.0.1") + ":" + parameters.getOrDefault("port", "6379")
            + "/" + parameters.getOrDefault("db", "0");
    }

    String describe() {
        return provider.equals("memory") ? "memory" : "redis " + parameters.getOrDefault("host", "127.0.0.1") + ":"
            + parameters.getOrDefault("port", "6379");
    }
}
