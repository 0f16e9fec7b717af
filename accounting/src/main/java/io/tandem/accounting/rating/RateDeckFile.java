package io.tandem.accounting.rating;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a rate deck document:
 * <pre>
 * kind: RateDeck
 * ref: deck-usd
 * spec:
 *   currency: USD
 *   rates:
 *     - prefix: "+1404"
 *       perMinute: 0.0120
 *       connectionFee: 0.01      # default 0
 *       increments: 60/6         # first/next seconds, default 60/60
 *       validFrom: 2026-01-01T00:00:00Z   # optional
 *       validUntil: 2027-01-01T00:00:00Z  # optional
 * </pre>
 */
public final class RateDeckFile {
    private RateDeckFile() {
    }

    public static RateDeck load(Path file) throws IOException {
        JsonNode doc = new YAMLMapper().readTree(Files.readString(file));
        if (!"RateDeck".equals(doc.path("kind").asString(""))) {
            throw new IOException(file + ": kind must be RateDeck");
        }
        JsonNode spec = doc.path("spec");
        List<Rate> rates = new ArrayList<>();
        int i = 0;
        for (JsonNode r : spec.path("rates")) {
            String where = file + ": spec.rates[" + i++ + "]";
            String prefix = r.path("prefix").asString("");
            if (!prefix.matches("\\+?[0-9]{1,15}")) {
                throw new IOException(where + ".prefix must be digits, with or without +: '" + prefix + "'");
            }
            String[] inc = r.path("increments").asString("60/60").split("/");
            try {
                rates.add(new Rate(prefix, new BigDecimal(r.path("perMinute").asString()),
                    new BigDecimal(r.path("connectionFee").asString("0")), Integer.parseInt(inc[0].trim()),
                    Integer.parseInt(inc[inc.length - 1].trim()), instant(r, "validFrom"), instant(r, "validUntil")));
            } catch (RuntimeException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }
        return new RateDeck(doc.path("ref").asString(file.getFileName().toString()), spec.path("currency").asString("USD"), rates);
    }

    private static Instant instant(JsonNode r, String field) {
        JsonNode n = r.path(field);
        return n.isMissingNode() || n.isNull() ? null : Instant.parse(n.asString());
    }
}
