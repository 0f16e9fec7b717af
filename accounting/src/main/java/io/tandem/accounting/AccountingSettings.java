package io.tandem.accounting;

import io.tandem.accounting.call.CallTimeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The {@code kind: Accounting} document ({@code accounting.yaml} of the configuration directory;
 * absent: every default). See README, "Calls and CDRs".
 *
 * @param enabled {@code spec.enabled} (default true): false takes accounting out of the path entirely
 * @param jdbcUrl {@code spec.database.url}; null: H2 in the data directory
 * @param natsUrl {@code spec.nats.url}; null: CDRs go to the database only
 * @param bufferCapacity {@code spec.buffer}: CDRs held per outlet while it is down (default 100,000)
 * @param refusal {@code spec.limits.refuseWith}: 503 (default) or 486
 * @param rateDeck {@code spec.rateDeck}: a RateDeck file, relative to the configuration directory; null: no rating
 */
public record AccountingSettings(boolean enabled, String jdbcUrl, String dbUser, String dbPassword, String natsUrl, String natsStream,
                                 String natsSubject, Duration duplicateWindow, int bufferCapacity, CallTimeouts timeouts,
                                 int refusal, Path rateDeck) {
    public static final AccountingSettings DEFAULT = new AccountingSettings(true, null, "sa", "", null, "TANDEM_CDRS", "tandem.cdrs",
        Duration.ofMinutes(2), 100_000, CallTimeouts.DEFAULT, 503, null);

    /** {@code accounting.yaml} (or {@code .yml}) of {@code configDir}; the defaults when there is none. */
    public static AccountingSettings load(Path configDir) throws IOException {
        Path file = null;
        for (String name : new String[] {"accounting.yaml", "accounting.yml"}) {
            if (Files.isRegularFile(configDir.resolve(name))) {
                file = configDir.resolve(name);
            }
        }
        if (file == null) {
            return DEFAULT;
        }
        JsonNode doc = new YAMLMapper().readTree(Files.readString(file));
        if (!"Accounting".equals(doc.path("kind").asString(""))) {
            throw new IOException(file + ": kind must be Accounting");
        }
        JsonNode s = doc.path("spec");
        JsonNode db = s.path("database");
        JsonNode nats = s.path("nats");
        JsonNode t = s.path("timeouts");
        CallTimeouts d = CallTimeouts.DEFAULT;
        for (String field : new String[] {"noAckSeconds", "earlySeconds", "maxDurationSeconds", "keepAliveSeconds", "sweepMillis"}) {
            JsonNode v = t.path(field);
            if (!v.isMissingNode() && (!v.isNumber() || v.asDouble() < 0 || field.equals("sweepMillis") && v.asDouble() <= 0)) {
                throw new IOException(file + ": spec.timeouts." + field + " must be a number " + (field.equals("sweepMillis")
                    ? "above 0" : "of seconds, 0 or more (0: never)") + ", not " + v);
            }
        }
        CallTimeouts timeouts = new CallTimeouts(millis(t, "noAckSeconds", d.noAckMillis()), millis(t, "earlySeconds", d.earlyMillis()),
            millis(t, "maxDurationSeconds", d.maxDurationMillis()), t.path("sweepMillis").asLong(d.sweepMillis()),
            millis(t, "keepAliveSeconds", d.keepAliveMillis()));
        int refusal = s.path("limits").path("refuseWith").asInt(503);
        if (refusal != 503 && refusal != 486) {
            throw new IOException(file + ": spec.limits.refuseWith must be 503 or 486, not " + refusal);
        }
        String deck = s.path("rateDeck").asString(null);
        return new AccountingSettings(s.path("enabled").asBoolean(true), db.path("url").asString(null),
            db.path("username").asString(DEFAULT.dbUser()), db.path("password").asString(DEFAULT.dbPassword()),
            nats.path("url").asString(null), nats.path("stream").asString(DEFAULT.natsStream()),
            nats.path("subject").asString(DEFAULT.natsSubject()),
            Duration.ofSeconds(nats.path("duplicateWindowSeconds").asLong(DEFAULT.duplicateWindow().toSeconds())),
            s.path("buffer").asInt(DEFAULT.bufferCapacity()), timeouts, refusal, deck == null ? null : configDir.resolve(deck));
    }

    private static long millis(JsonNode n, String field, long otherwise) {
        JsonNode v = n.path(field);
        return v.isMissingNode() ? otherwise : Math.round(v.asDouble() * 1000);
    }
}
