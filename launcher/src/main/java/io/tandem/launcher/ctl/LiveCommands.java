package io.tandem.launcher.ctl;

import io.tandem.launcher.ctl.Output.Column;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * The live state of a running Tandem through {@code tandem ctl}: registrations (Location, {@code GET /registrations}),
 * bans ({@code /bans}) and calls in progress ({@code /calls/active}, {@code DELETE /calls/CALL-ID}).
 */
public final class LiveCommands {
    private LiveCommands() {
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Command(name = "registrations", mixinStandardHelpOptions = true, description = "The live registrations (what Location holds).")
    public static final class Registrations extends CtlVerb {
        static final List<Column> COLUMNS = List.of(new Column("AOR", "aor"), new Column("CONTACT", "contact"),
            new Column("SOURCE", "source"), new Column("TRANSPORT", "transport"), new Column("EXPIRES IN", "expiresIn"));

        @Option(names = "--aor", paramLabel = "AOR", description = "Only this address of record (sip:1001@sip.local).")
        String aor;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N addresses of record (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        void run(CtlClient client) throws CtlFailure {
            JsonNode r = client.json("GET", "/registrations?limit=" + limit + (aor == null ? "" : "&aor=" + enc(aor)), null);
            Output.print(System.out, options.output, r, COLUMNS, r.path("items"));
            if (r.path("truncated").asBoolean(false) && options.output == CtlOptions.Format.table) {
                System.err.println("(only the first " + limit + " addresses of record: --limit N for more)");
            }
        }
    }

    @Command(name = "bans", mixinStandardHelpOptions = true, description = "The bans at the door: list, ban, unban.",
        subcommands = {BanList.class, Ban.class, Unban.class})
    public static final class Bans implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The bans in force and the security counters.")
    static final class BanList extends CtlVerb {
        static final List<Column> COLUMNS = List.of(new Column("NETWORK", "network"), new Column("RULE", "rule"),
            new Column("SECONDS LEFT", "secondsLeft"), new Column("REASON", "reason"));

        @Override
        void run(CtlClient client) throws CtlFailure {
            JsonNode r = client.json("GET", "/bans", null);
            Output.print(System.out, options.output, r, COLUMNS, r.path("items"));
            if (options.output == CtlOptions.Format.table) {
                r.path("counters").forEach(c -> System.out.println("# " + c.asString()));
            }
        }
    }

    @Command(name = "ban", mixinStandardHelpOptions = true, description = "Ban an address or network (rule 'manual').")
    static final class Ban extends CtlVerb {
        @Parameters(paramLabel = "ADDR[/N]")
        String network;

        @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
            description = "How long (default: spec.security.bans.banSeconds; negative: permanent).")
        long seconds;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "set by hand")
        String reason;

        @Override
        void run(CtlClient client) throws CtlFailure {
            String q = (seconds != 0 ? "seconds=" + Math.max(0, seconds) + "&" : "") + "reason=" + enc(reason);
            System.out.print(client.send("POST", "/bans/" + network + "?" + q, null, false));
        }
    }

    @Command(name = "unban", mixinStandardHelpOptions = true, description = "Lift the ban of an address or network.")
    static final class Unban extends CtlVerb {
        @Parameters(paramLabel = "ADDR[/N]")
        String network;

        @Override
        void run(CtlClient client) throws CtlFailure {
            System.out.print(client.send("DELETE", "/bans/" + network, null, false));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The calls in progress on this node.")
    public static final class CallList extends CtlVerb {
        static final List<Column> COLUMNS = List.of(new Column("CALL-ID", "callId"), new Column("CALLER", "caller"),
            new Column("CALLEE", "callee"), new Column("PHASE", "phase"), new Column("SECONDS", "seconds"));

        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N calls, oldest first (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        void run(CtlClient client) throws CtlFailure {
            JsonNode r = client.json("GET", "/calls/active?limit=" + limit, null);
            Output.print(System.out, options.output, r, COLUMNS, r.path("items"));
        }
    }

    @Command(name = "hangup", mixinStandardHelpOptions = true, description = "Hang up an answered call: BYE into both legs.")
    public static final class HangUp extends CtlVerb {
        @Parameters(paramLabel = "CALL-ID")
        String callId;

        @Override
        void run(CtlClient client) throws CtlFailure {
            System.out.print(client.send("DELETE", "/calls/" + enc(callId), null, false));
        }
    }
}
