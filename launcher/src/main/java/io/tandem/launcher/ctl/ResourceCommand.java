package io.tandem.launcher.ctl;

import io.tandem.launcher.ctl.Output.Column;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code tandem ctl KIND list|get|create|update|delete} over the JSON/HTTP admin API ({@code /api/v2beta1/KIND}), one
 * subclass per kind naming its collection and its table's columns. Bodies are the API's request messages (Routr's
 * {@code CreateAgentRequest}...), from {@code -f FILE} (YAML or JSON, {@code -} for stdin) and {@code --set FIELD=TEXT} or
 * {@code FIELD:=JSON} (httpie's convention).
 */
public abstract class ResourceCommand implements Runnable {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final String collection;
    private final List<Column> columns;

    @Spec
    CommandSpec spec;

    ResourceCommand(String collection, List<Column> columns) {
        this.collection = collection;
        this.columns = columns;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    String path(String ref) {
        return "/api/v2beta1/" + collection + (ref == null ? "" : "/" + URLEncoder.encode(ref, StandardCharsets.UTF_8));
    }

    /** A verb of this kind. */
    abstract static class KindVerb extends CtlVerb {
        @ParentCommand
        ResourceCommand kind;
    }

    /** A verb on one resource of this kind. */
    abstract static class RefVerb extends KindVerb {
        @Parameters(paramLabel = "REF")
        String ref;
    }

    /** {@code list}: every page followed, or one page with {@code --page-token}/{@code --one-page}; FindBy with {@code --where}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List (every page, unless --page-token or --one-page).")
    static final class ListVerb extends KindVerb {
        @Option(names = "--page-size", paramLabel = "N", defaultValue = "100", description = "Items per request (1-1000; default ${DEFAULT-VALUE}).")
        int pageSize;

        @Option(names = "--page-token", paramLabel = "TOKEN", description = "Only the page from TOKEN (a previous list's next page token).")
        String pageToken;

        @Option(names = "--one-page", description = "Only the first page; its next page token is printed (on stderr with a table).")
        boolean onePage;

        @Option(names = "--where", paramLabel = "FIELD=VALUE", description = "Only those whose API field is VALUE (FindBy), e.g. username=1001.")
        String where;

        @Override
        void run(CtlClient client) throws CtlFailure {
            if (where != null) {
                int eq = where.indexOf('=');
                if (eq <= 0) {
                    throw new CtlFailure("--where: FIELD=VALUE, not '" + where + "'", CtlFailure.FAILED);
                }
                JsonNode found = client.json("GET", kind.path(null) + "?fieldName=" + enc(where.substring(0, eq))
                    + "&fieldValue=" + enc(where.substring(eq + 1)), null);
                Output.print(System.out, options.output, found, kind.columns, found.path("items"));
                return;
            }
            boolean single = onePage || pageToken != null;
            String token = pageToken == null ? "" : pageToken;
            ObjectNode all = CtlClient.JSON.createObjectNode();
            ArrayNode items = all.putArray("items");
            String next;
            do {
                JsonNode page = client.json("GET", kind.path(null) + "?pageSize=" + pageSize + "&pageToken=" + enc(token), null);
                page.path("items").forEach(items::add);
                next = page.path("nextPageToken").asString("");
                token = next;
            } while (!single && !next.isEmpty());
            all.put("nextPageToken", single ? next : "");
            Output.print(System.out, options.output, all, kind.columns, items);
            if (single && !next.isEmpty() && options.output == CtlOptions.Format.table) {
                System.err.println("next page: --page-token " + next);
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one, by its ref.")
    static final class GetVerb extends RefVerb {
        @Override
        void run(CtlClient client) throws CtlFailure {
            Output.printOne(System.out, options.output, client.json("GET", kind.path(ref), null));
        }
    }

    /** The body options of create and update. */
    static final class RequestOptions {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The request (YAML or JSON, the API's shape); - reads stdin.")
        String file;

        @Option(names = "--set", paramLabel = "FIELD=TEXT|FIELD:=JSON", description = "A field, dotted for a nested one: FIELD=TEXT, "
            + "or FIELD:=JSON for a number, a boolean, a list (maxContacts:=5, allow:='[\"10.0.0.0/8\"]').")
        List<String> sets = new ArrayList<>();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create one from -f FILE and/or --set; prints it (its ref).")
    static final class CreateVerb extends KindVerb {
        @Mixin
        RequestOptions request;

        @Override
        void run(CtlClient client) throws CtlFailure {
            Output.printOne(System.out, options.output, client.json("POST", kind.path(null), body(request, null)));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change the fields that -f FILE and/or --set give; prints the result.")
    static final class UpdateVerb extends RefVerb {
        @Mixin
        RequestOptions request;

        @Override
        void run(CtlClient client) throws CtlFailure {
            Output.printOne(System.out, options.output, client.json("PUT", kind.path(ref), body(request, ref)));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete one, by its ref (refused while others reference it).")
    static final class DeleteVerb extends RefVerb {
        @Override
        void run(CtlClient client) throws CtlFailure {
            client.send("DELETE", kind.path(ref), null, true);
            if (options.output == CtlOptions.Format.table) {
                System.out.println("deleted " + ref);
            } else {
                Output.print(System.out, options.output, CtlClient.JSON.createObjectNode().put("deleted", ref), List.of(), null);
            }
        }
    }

    /**
     * The request body: {@code file}'s object, then each {@code --set}. For an update, the ref comes from the
     * path: a file's {@code ref} must be it and is dropped with {@code createdAt}/{@code updatedAt} (a {@code get -o yaml}
     * edited); any other field the request has not is the server's to refuse, naming it.
     */
    static ObjectNode body(RequestOptions request, String ref) throws CtlFailure {
        String file = request.file;
        ObjectNode body = CtlClient.JSON.createObjectNode();
        if (file != null) {
            JsonNode read;
            try {
                String text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
                read = YAML.readTree(text);
            } catch (IOException e) {
                throw new CtlFailure(file + ": cannot read: " + e.getMessage(), CtlFailure.FAILED);
            } catch (tools.jackson.core.JacksonException e) {
                throw new CtlFailure(file + ": neither YAML nor JSON: " + e.getOriginalMessage(), CtlFailure.FAILED);
            }
            if (!(read instanceof ObjectNode o)) {
                throw new CtlFailure(file + ": must hold one object (the request's fields)", CtlFailure.FAILED);
            }
            body = o;
        }
        for (String s : request.sets) {
            int eq = s.indexOf('=');
            if (eq <= 0 || (eq == 1 && s.charAt(0) == ':')) {
                throw new CtlFailure("--set: FIELD=TEXT or FIELD:=JSON, not '" + s + "'", CtlFailure.FAILED);
            }
            boolean json = s.charAt(eq - 1) == ':';
            ObjectNode at = body;
            String[] parts = s.substring(0, json ? eq - 1 : eq).split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                at = at.path(parts[i]) instanceof ObjectNode o ? o : at.putObject(parts[i]);
            }
            at.set(parts[parts.length - 1], json ? value(s, s.substring(eq + 1)) : CtlClient.JSON.getNodeFactory().stringNode(s.substring(eq + 1)));
        }
        if (ref != null) {
            if (body.has("ref") && !ref.equals(body.path("ref").asString())) {
                throw new CtlFailure("ref: the file names '" + body.path("ref").asString() + "', the command " + ref, CtlFailure.FAILED);
            }
            body.remove(List.of("ref", "createdAt", "updatedAt"));
        }
        if (body.isEmpty()) {
            throw new CtlFailure("nothing to send: give -f FILE or --set FIELD=VALUE", CtlFailure.FAILED);
        }
        return body;
    }

    private static JsonNode value(String set, String json) throws CtlFailure {
        try {
            JsonNode v = CtlClient.JSON.readTree(json);
            if (v != null && !v.isMissingNode()) {
                return v;
            }
        } catch (tools.jackson.core.JacksonException e) {
            // named below
        }
        throw new CtlFailure("--set " + set + ": the value after := is not JSON", CtlFailure.FAILED);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Column col(String header, String path) {
        return new Column(header, path);
    }

    @Command(name = "domains", mixinStandardHelpOptions = true, description = "Domains.",
        subcommands = {ListVerb.class, GetVerb.class, CreateVerb.class, UpdateVerb.class, DeleteVerb.class})
    public static final class Domains extends ResourceCommand {
        public Domains() {
            super("domains", List.of(col("REF", "ref"), col("NAME", "name"), col("DOMAIN URI", "domainUri"),
                col("ACL", "accessControlList.name"), col("EGRESS", "egressPolicies")));
        }
    }

    @Command(name = "agents", mixinStandardHelpOptions = true, description = "Agents.",
        subcommands = {ListVerb.class, GetVerb.class, CreateVerb.class, UpdateVerb.class, DeleteVerb.class})
    public static final class Agents extends ResourceCommand {
        public Agents() {
            super("agents", List.of(col("REF", "ref"), col("NAME", "name"), col("USERNAME", "username"),
                col("DOMAIN", "domain.domainUri"), col("PRIVACY", "privacy"), col("ENABLED", "enabled")));
        }
    }

    @Command(name = "peers", mixinStandardHelpOptions = true, description = "Peers.",
        subcommands = {ListVerb.class, GetVerb.class, CreateVerb.class, UpdateVerb.class, DeleteVerb.class})
    public static final class Peers extends ResourceCommand {
        public Peers() {
            super("peers", List.of(col("REF", "ref"), col("NAME", "name"), col("USERNAME", "username"), col("AOR", "aor"),
                col("CONTACT", "contactAddr"), col("BALANCING", "balancingAlgorithm"), col("ENABLED", "enabled")));
        }
    }

    @Command(name = "trunks", mixinStandardHelpOptions = true, description = "Trunks.",
        subcommands = {ListVerb.class, GetVerb.class, CreateVerb.class, UpdateVerb.class, DeleteVerb.class})
    public static final class Trunks extends ResourceCommand {
        public Trunks() {
            super("trunks", List.of(col("REF", "ref"), col("NAME", "name"), col("INBOUND URI", "inboundUri"),
                col("OUTBOUND", "uris"), col("SEND REGISTER", "sendRegister")));
        }
    }

    @Command(name = "numbers", mixinStandardHelpOptions = true, description = "Numbers.",
        subcommands = {ListVerb.class, GetVerb.class, CreateVerb.class, UpdateVerb.class, DeleteVerb.class})
    public static final class Numbers extends ResourceCommand {
        public Numbers() {
            super("numbers", List.of(col("REF", "ref"), col("NAME", "name"), col("TEL URL", "telUrl"), col("AOR LINK", "aorLink"),
                col("TRUNK", "trunk.name")));
        }
    }

    @Command(name = "credentials", mixinStandardHelpOptions = true, description = "Credentials.",
        subcommands = {ListVerb.class, GetVerb.class, CreateVerb.class, UpdateVerb.class, DeleteVerb.class})
    public static final class Credentials extends ResourceCommand {
        public Credentials() {
            super("credentials", List.of(col("REF", "ref"), col("NAME", "name"), col("USERNAME", "username")));
        }
    }

    @Command(name = "acls", mixinStandardHelpOptions = true, description = "Access control lists.",
        subcommands = {ListVerb.class, GetVerb.class, CreateVerb.class, UpdateVerb.class, DeleteVerb.class})
    public static final class Acls extends ResourceCommand {
        public Acls() {
            super("acls", List.of(col("REF", "ref"), col("NAME", "name"), col("ALLOW", "allow"), col("DENY", "deny")));
        }
    }
}
