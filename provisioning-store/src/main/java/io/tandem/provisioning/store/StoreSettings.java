package io.tandem.provisioning.store;

import com.networknt.schema.Schema;
import io.tandem.config.ConfigDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Where the resources come from: {@code provisioning.yaml} of the configuration directory, a Tandem extension
 * document. Without it, the YAML files of {@code resources/} as before.
 *
 * <pre>
 * kind: Provisioning
 * spec:
 *   provider: database          # or files
 *   database:                   # default: H2 file provisioning.mv.db in the data directory
 *     url: jdbc:postgresql://127.0.0.1:5432/tandem
 *     username: tandem
 *     password: secret
 *   pollMillis: 1000            # how often other servers' changes are looked for
 * </pre>
 *
 * @param database true for the database store, false for the files
 * @param jdbcUrl {@code spec.database.url}, or the H2 file in the data directory
 */
public record StoreSettings(boolean database, String jdbcUrl, String username, String password, long pollMillis) {
    public static final String FILE = "provisioning.yaml";
    private static final Schema SCHEMA = ConfigDocument.schema(StoreSettings.class, "/schema/provisioning-settings.schema.json");

    /** The YAML files of {@code resources/}: what Tandem does without {@code provisioning.yaml}. */
    public static StoreSettings files() {
        return new StoreSettings(false, null, null, null, 1000);
    }

    /** The database store on H2 in {@code dataDir}. */
    public static StoreSettings h2(Path dataDir) {
        return new StoreSettings(true, ResourceTable.h2Url(dataDir), "sa", "", 1000);
    }

    /**
     * {@code provisioning.yaml} of {@code configDir}, the H2 file going to {@code dataDir}; {@link #files()} when there is none.
     *
     * @throws io.tandem.config.ConfigException naming the file, the field and the reason
     */
    public static StoreSettings load(Path configDir, Path dataDir) {
        Path file = configDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return files();
        }
        JsonNode doc = ConfigDocument.read(ConfigDocument.text(file), file.toString(), SCHEMA);
        JsonNode s = doc.path("spec");
        if (!s.path("provider").stringValue().equals("database")) {
            return files();
        }
        JsonNode db = s.path("database");
        String url = db.path("url").asString(null);
        return new StoreSettings(true, url == null ? ResourceTable.h2Url(dataDir) : url, db.path("username").asString(url == null ? "sa" : null),
            db.path("password").asString(url == null ? "" : null), s.path("pollMillis").asLong(1000));
    }

    /** The database as the log names it, without its password. */
    public String describe() {
        return database ? jdbcUrl.replaceAll(";.*", "") : "files";
    }
}
