package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.EmbeddedDefaultsIT.finalStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import io.tandem.testkit.PostgresServer;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem run} with its resources in a private PostgreSQL that the test starts, provisions through
 * {@code tandem ctl}, then stops mid-run: {@code /readyz} is red naming the database, writes answer 503 UNAVAILABLE
 * saying so, reads and SIP keep going from the snapshot (a REGISTER is authenticated and a call routed, SIPp); once
 * PostgreSQL is back, {@code /readyz} is green and writes work again.
 */
class DatabaseDownIT extends E2eFixture {
    private static final String KEY = AdminApiIT.ADMIN_KEY;

    @Test
    void withPostgresqlDownWritesAreRefusedReadyzIsRedAndCallsStillRoute() throws Exception {
        PostgresServer pg = closeAfter(PostgresServer.start());
        int sipPort = Ports.free();
        Path config = AdminApiIT.adminConfig(dir, sipPort, Ports.free(),
            "  database: {url: \"%s\", username: postgres, password: \"\"}\n  pollMillis: 500\n".formatted(pg.jdbcUrl()), "");
        String http = freeHttp();
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http, "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        String domain = CtlRun.create(http, KEY, "domains", "name=Local", "domainUri=sip.local");
        for (String user : List.of("1001", "1002")) {
            String creds = CtlRun.create(http, KEY, "credentials", "name=" + user, "username=" + user, "password=pw-" + user);
            CtlRun.create(http, KEY, "agents", "name=" + user, "username=" + user, "domainRef=" + domain, "credentialsRef=" + creds,
                "privacy=NONE", "enabled:=true");
        }

        pg.pause();
        // the first check after the pause may only time out (the pool still waiting on its connection); the next ones name the cause
        TandemProcess.Http red = tandem.awaitHttp("/readyz",
            h -> h.status() == 503 && h.body().contains("provisioning database unreachable"), "/readyz red", Duration.ofSeconds(20));
        assertThat(red.body()).contains("provisioning (").contains("provisioning database unreachable");
        CtlRun.Ctl refused = CtlRun.ctl(http, KEY, "credentials", "create", "--set", "name=X", "--set", "username=1003", "--set", "password=pw");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("UNAVAILABLE: provisioning database unreachable");
        assertThat(CtlRun.ok(http, KEY, "agents", "list", "-o", "json").json().path("items")).as("reads from the snapshot").hasSize(2);

        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        int port1002 = Ports.free();
        Sipp.Run reg = sipp.uac("agent-register.xml", port1002, edge).name("register-1002").set("USER", "1002").set("PASSWORD", "pw-1002")
            .set("DOMAIN", "sip.local").start().assertSuccess();
        assertThat(finalStatuses(reg)).as("REGISTER authenticated from the snapshot").containsExactly(401, 200);
        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("callee-1002").start();
        sipp.uac("agent-call.xml", Ports.free(), edge).name("caller-1001").service("1002")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", "sip.local").start().assertSuccess();
        callee.assertSuccess();
        assertThat(callee.received("INVITE")).as("the call routed to 1002 with the database down").hasSize(1);

        pg.resume();
        tandem.awaitHttp("/readyz", h -> h.status() == 200, "/readyz green again", Duration.ofSeconds(30));
        CtlRun.create(http, KEY, "credentials", "name=X", "username=1003", "password=pw");
        assertThat(CtlRun.ok(http, KEY, "credentials", "list", "-o", "json").json().path("items")).hasSize(3);
    }
}
