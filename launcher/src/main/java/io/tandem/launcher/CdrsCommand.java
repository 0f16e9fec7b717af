package io.tandem.launcher;

import io.tandem.accounting.AccountingSettings;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.cdr.Cdr;
import io.tandem.accounting.cdr.CdrTable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem cdrs}: the CDRs of the database, filtered; readable while Tandem runs (H2 serves a second process). */
@Command(name = "cdrs", mixinStandardHelpOptions = true, description = "List call detail records.")
final class CdrsCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "DIR", description = "Configuration directory (its accounting.yaml names the database).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "Data directory of the default H2 database (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--from", paramLabel = "TIME", description = "Calls started at or after TIME (2026-12-07 or 2026-12-07T10:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Calls started before TIME.")
    String to;

    @Option(names = "--caller", description = "Part of the caller's URI or number.")
    String caller;

    @Option(names = "--callee", description = "Part of the callee's URI or number.")
    String callee;

    @Option(names = "--trunk", paramLabel = "REF", description = "Calls from or to this trunk.")
    String trunk;

    @Option(names = "--disposition", description = "ANSWERED, BUSY, NO_ANSWER, CANCELLED, FAILED or TIMED_OUT.")
    String disposition;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per line instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AccountingSettings s = AccountingSettings.load(config != null ? config : data);
        Disposition d = disposition == null ? null : Disposition.valueOf(disposition.toUpperCase(Locale.ROOT));
        try (CdrTable table = new CdrTable(s.jdbcUrl() != null ? s.jdbcUrl() : CdrTable.h2Url(data), s.dbUser(), s.dbPassword())) {
            List<Cdr> cdrs = table.find(new CdrTable.CdrFilter(time(from), time(to), caller, callee, trunk, d, limit));
            if (!json) {
                System.out.printf("%-24s %-10s %7s %-6s %-22s %-22s %-14s %s%n", "start", "result", "ms", "status", "caller", "callee",
                    "trunk", "call-id [recording]");
            }
            for (Cdr c : cdrs) {
                System.out.println(json ? CdrTable.json(c) : String.format("%-24s %-10s %7d %-6d %-22s %-22s %-14s %s", c.start(),
                    c.disposition(), c.durationMillis(), c.status(), shown(c.callerE164(), c.caller()), shown(c.calleeE164(), c.callee()),
                    trunkOf(c), c.callId() + (c.recording() == null ? "" : " " + c.recording())));
            }
            return 0;
        }
    }

    private static String shown(String e164, String uri) {
        return e164 != null ? e164 : uri;
    }

    private static String trunkOf(Cdr c) {
        return "trunk".equals(c.destinationKind()) ? c.destinationRef() : "trunk".equals(c.sourceKind()) ? c.sourceRef() : "-";
    }

    private static Instant time(String t) {
        if (t == null) {
            return null;
        }
        return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
    }
}
