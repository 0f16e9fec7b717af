package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code tandem ctl} (picocli, in this JVM) against a real {@code tandem run} on H2 with the admin API: create, list, get,
 * update and delete of each of the seven kinds, JSON and YAML output parsed back, paging, refusals naming the field
 * with their exit status, and the live state: the registrations of Agents made through ctl (SIPp), a call in progress,
 * bans set and lifted.
 */
class CtlIT extends E2eFixture {
    private static final String KEY = AdminApiIT.ADMIN_KEY;

    private String http;

    /** {@code tandem ctl ARGS} with the admin key, or without it. */
    private CtlRun.Ctl ctl(boolean withKey, String... args) {
        return CtlRun.ctl(http, withKey ? KEY : null, args);
    }

    /** The refs of the items (not of what they nest). */
    private static List<String> refs(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path("ref").asString()));
        return out;
    }

    private CtlRun.Ctl ctl(String... args) {
        return ctl(true, args);
    }

    private CtlRun.Ctl ok(String... args) {
        return CtlRun.ok(http, KEY, args);
    }

    private String create(String kind, String... sets) {
        return CtlRun.create(http, KEY, kind, sets);
    }

    private int start() throws Exception {
        int sipPort = Ports.free();
        http = freeHttp();
        tandem("tandem", "run", "--config", AdminApiIT.adminConfig(dir, sipPort, Ports.free()).toString(), "--http", http, "--digest", "MD5")
            .awaitReady(Duration.ofSeconds(90));
        return sipPort;
    }

    @Test
    void everyKindThroughEveryVerbWithTablesJsonAndYaml() throws Exception {
        start();
        Path aclFile = dir.resolve("acl.yaml");
        Files.writeString(aclFile, "name: Office\nallow: [10.0.0.0/8]\ndeny: [0.0.0.0/0]\n");
        Map<String, String> refs = new LinkedHashMap<>();
        refs.put("acls", ok("acls", "create", "-f", aclFile.toString(), "-o", "yaml").yaml().path("ref").asString());
        refs.put("credentials", create("credentials", "name=Alice", "username=1001", "password=s3cret-pw"));
        refs.put("domains", create("domains", "name=Local", "domainUri=sip.local", "accessControlListRef=" + refs.get("acls")));
        refs.put("agents", create("agents", "name=Alice", "username=1001", "domainRef=" + refs.get("domains"),
            "credentialsRef=" + refs.get("credentials"), "privacy=NONE", "enabled:=true", "maxContacts:=3"));
        refs.put("peers", create("peers", "name=Asterisk", "username=asterisk", "aor=backend:voice", "balancingAlgorithm=ROUND_ROBIN",
            "credentialsRef=" + refs.get("credentials")));
        Path trunkFile = dir.resolve("trunk.json");
        Files.writeString(trunkFile, """
            {"name": "Carrier", "inboundUri": "carrier.sip.local", "uris": [{"host": "198.51.100.7", "port": 5060, "transport": "UDP"}]}
            """);
        refs.put("trunks", ok("trunks", "create", "-f", trunkFile.toString(), "-o", "json").json().path("ref").asString());
        refs.put("numbers", create("numbers", "name=Main line", "telUrl=tel:+17066041000", "aorLink=sip:1001@sip.local",
            "trunkRef=" + refs.get("trunks")));

        for (Map.Entry<String, String> e : refs.entrySet()) {
            String kind = e.getKey();
            String ref = e.getValue();
            assertThat(ref).as(kind).isNotBlank();
            CtlRun.Ctl table = ok(kind, "list");
            assertThat(table.out()).as(kind + " table").startsWith("REF ").contains(ref);
            JsonNode listed = ok(kind, "list", "-o", "json").json();
            assertThat(refs(listed.path("items"))).as(kind).containsExactly(ref);
            assertThat(ok(kind, "list", "-o", "yaml").yaml()).as(kind + " yaml = json").isEqualTo(listed);
            assertThat(ok(kind, "get", ref, "-o", "json").json().path("ref").asString()).isEqualTo(ref);
            assertThat(ok(kind, "get", ref).out()).as(kind + " get table").contains("ref ").contains(ref);
            JsonNode updated = ok(kind, "update", ref, "--set", "name=Renamed " + kind, "-o", "yaml").yaml();
            assertThat(updated.path("name").asString()).isEqualTo("Renamed " + kind);
            assertThat(ok(kind, "get", ref, "-o", "json").json().path("name").asString()).isEqualTo("Renamed " + kind);
        }
        JsonNode agent = ok("agents", "get", refs.get("agents"), "-o", "json").json();
        assertThat(agent.path("domain").path("domainUri").asString()).isEqualTo("sip.local");
        assertThat(agent.path("maxContacts").asInt()).isEqualTo(3);
        assertThat(ok("agents", "list", "--where", "username=1001", "-o", "json").json().path("items")).hasSize(1);
        assertThat(ok("credentials", "get", refs.get("credentials")).out()).as("a table hides the password").doesNotContain("s3cret-pw");

        // refusals: the API's message naming the field, exit 1; not found, exit 3
        CtlRun.Ctl missing = ctl("agents", "create", "--set", "name=Bob", "--set", "username=1002", "--set", "domainRef=nope",
            "--set", "credentialsRef=" + refs.get("credentials"));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("INVALID_ARGUMENT: spec.domainRef: no Domain with ref 'nope'");
        CtlRun.Ctl unknown = ctl("domains", "create", "--set", "name=X", "--set", "domainUri=x.local", "--set", "colour=red");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("colour: unknown field");
        CtlRun.Ctl referenced = ctl("domains", "delete", refs.get("domains"));
        assertThat(referenced.exit()).isEqualTo(1);
        assertThat(referenced.err()).contains("FAILED_PRECONDITION").contains("still referenced by Agent");
        CtlRun.Ctl noKey = ctl(false, "domains", "list");
        assertThat(noKey.exit()).isEqualTo(1);
        assertThat(noKey.err()).contains("UNAUTHENTICATED");
        CtlRun.Ctl nothing = ctl("domains", "update", refs.get("domains"));
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing to send");

        // delete, in the order references allow
        for (String kind : List.of("numbers", "trunks", "peers", "agents", "domains", "credentials", "acls")) {
            assertThat(ok(kind, "delete", refs.get(kind)).out()).contains("deleted " + refs.get(kind));
            CtlRun.Ctl gone = ctl(kind, "get", refs.get(kind));
            assertThat(gone.exit()).as(kind + " gone").isEqualTo(3);
            assertThat(gone.err()).contains("NOT_FOUND: ref: no ");
            assertThat(ok(kind, "list", "-o", "json").json().path("items")).isEmpty();
        }
    }

    @Test
    void listFollowsPagesOrGivesOnePageWithItsToken() throws Exception {
        start();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(create("credentials", "name=C" + i, "username=user" + i, "password=pw-" + i));
        }
        assertThat(refs(ok("credentials", "list", "--page-size", "2", "-o", "json").json().path("items")))
            .containsExactlyInAnyOrderElementsOf(made);
        JsonNode first = ok("credentials", "list", "--page-size", "2", "--one-page", "-o", "json").json();
        assertThat(first.path("items")).hasSize(2);
        String token = first.path("nextPageToken").asString();
        assertThat(token).isNotEmpty();
        CtlRun.Ctl table = ok("credentials", "list", "--page-size", "2", "--page-token", token);
        assertThat(table.err()).startsWith("next page: --page-token ");
        JsonNode second = ok("credentials", "list", "--page-size", "2", "--page-token", token, "-o", "json").json();
        assertThat(second.path("items")).hasSize(2);
        assertThat(refs(second.path("items"))).doesNotContainAnyElementsOf(refs(first.path("items")));
    }

    @Test
    void registrationsCallsAndBansOfTheRunningServer() throws Exception {
        int sipPort = start();
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        String domain = create("domains", "name=Local", "domainUri=sip.local");
        for (String user : List.of("1001", "1002")) {
            String creds = create("credentials", "name=" + user, "username=" + user, "password=pw-" + user);
            create("agents", "name=" + user, "username=" + user, "domainRef=" + domain, "credentialsRef=" + creds, "privacy=NONE",
                "enabled:=true");
        }
        int port1002 = Ports.free();
        sipp.uac("agent-register.xml", port1002, edge).name("register-1002").set("USER", "1002").set("PASSWORD", "pw-1002")
            .set("DOMAIN", "sip.local").start().assertSuccess();
        JsonNode regs = ok("registrations", "-o", "json").json();
        assertThat(regs.path("items")).singleElement().satisfies(r -> {
            assertThat(r.path("aor").asString()).isEqualTo("sip:1002@sip.local");
            assertThat(r.path("source").asString()).isEqualTo("127.0.0.1:" + port1002);
            assertThat(r.path("expiresIn").asInt()).isPositive();
        });
        assertThat(ok("registrations").out()).startsWith("AOR ").contains("sip:1002@sip.local");
        assertThat(ok("registrations", "--aor", "sip:1001@sip.local", "-o", "json").json().path("items")).isEmpty();
        CtlRun.Ctl noKey = ctl(false, "registrations");
        assertThat(noKey.exit()).as("registrations need the API's key when it is on").isEqualTo(1);
        assertThat(noKey.err()).contains("UNAUTHENTICATED");

        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("callee-1002").start();
        Sipp.Run caller = sipp.uac("agent-call.xml", Ports.free(), edge).name("caller-1001").service("1002")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", "sip.local").set("HOLD_MS", 4000).start();
        JsonNode calls = null;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            calls = ok("calls", "list", "-o", "json").json();
            if (calls.path("items").size() == 1 && calls.path("items").get(0).path("phase").asString().equals("CONFIRMED")) {
                break;
            }
            TandemProcess.sleep(100);
        }
        assertThat(calls.path("items")).as("the call in progress").singleElement().satisfies(c -> {
            assertThat(c.path("caller").asString()).isEqualTo("sip:1001@sip.local");
            assertThat(c.path("callee").asString()).startsWith("sip:1002@");
            assertThat(c.path("phase").asString()).isEqualTo("CONFIRMED");
        });
        assertThat(ok("calls", "list").out()).startsWith("CALL-ID ").contains(calls.path("items").get(0).path("callId").asString());
        caller.assertSuccess();
        callee.assertSuccess();
        CtlRun.Ctl hangUp = ctl("calls", "hangup", "no-such-call");
        assertThat(hangUp.exit()).isEqualTo(3);
        assertThat(hangUp.err()).contains("no answered call no-such-call");

        assertThat(ok("bans", "ban", "192.0.2.7", "--reason", "from ctl").out()).contains("banned 192.0.2.7");
        assertThat(ok("bans", "list", "-o", "json").json().path("items")).singleElement().satisfies(b -> {
            assertThat(b.path("network").asString()).startsWith("192.0.2.7");
            assertThat(b.path("rule").asString()).isEqualTo("manual");
            assertThat(b.path("reason").asString()).isEqualTo("from ctl");
        });
        assertThat(ok("bans", "list").out()).contains("192.0.2.7").contains("# tandem_security_bans_total{rule=\"manual\"} 1");
        assertThat(ok("bans", "unban", "192.0.2.7").out()).contains("unbanned");
        assertThat(ok("bans", "list", "-o", "yaml").yaml().path("items")).isEmpty();
        CtlRun.Ctl again = ctl("bans", "unban", "192.0.2.7");
        assertThat(again.exit()).isEqualTo(3);
    }
}
