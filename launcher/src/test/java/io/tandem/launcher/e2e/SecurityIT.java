package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.AttackTools.answers;
import static io.tandem.launcher.e2e.AttackTools.reportedExtensions;
import static io.tandem.launcher.e2e.AttackTools.sipvicious;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.launcher.e2e.AttackTools.LoadLock;
import io.tandem.launcher.e2e.AttackTools.Output;
import io.tandem.launcher.e2e.AttackTools.SippRun;
import io.tandem.testkit.Ports;
import io.tandem.testkit.RedisServer;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Security at the door against real attack tools, each from a loopback address of its own:
 * sipvicious (svmap, svwar, svcrack) and SIPp floods against {@code tandem run}; bans read and
 * lifted with {@code tandem bans}; bans shared by two EdgePorts on one Redis. Load phases hold
 * the machine's load lock. Agents 1001 and 1002 of sip.local exist; 127.0.0.9 is the trusted trunk.
 */
class SecurityIT extends E2eFixture {
    static final String DOMAIN = "sip.local";
    static final String PASSWORD_1001 = "Zebra-Lantern-42";
    static final String TRUSTED = "127.0.0.9";
    static final int FLOOD_RATE = 30_000;
    static final int FLOOD_INVITES = 150_000;

    @Test
    void scannersGetNoAnswerAndAreBannedAtTheirFirstRequest() throws Exception {
        int port = Ports.free();
        String http = freeHttp();
        Path config = writeConfig(dir.resolve("config"), port, "trusted: [" + TRUSTED + "]");
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http, "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        Output svmap;
        Output svwar;
        Output svcrack;
        try (LoadLock lock = new LoadLock()) {
            svmap = sipvicious(dir, "127.0.0.2", "svmap", Duration.ofSeconds(30), "-p", Integer.toString(port), "127.0.0.1");
            svwar = sipvicious(dir, "127.0.0.3", "svwar", Duration.ofSeconds(30), "-e1000-1010", "-p", Integer.toString(port),
                "127.0.0.1");
            svcrack = sipvicious(dir, "127.0.0.4", "svcrack", Duration.ofSeconds(30), "-u", "1001", "-d",
                dictionary().toString(), "--domain", DOMAIN, "-p", Integer.toString(port), "127.0.0.1");
        }
        diagnostic("tools", () -> svmap.text() + "\n" + svwar.text() + "\n" + svcrack.text());
        assertThat(svmap.text()).as("svmap found no SIP device").doesNotContain("127.0.0.1:" + port);
        assertThat(reportedExtensions(svwar.text())).as("svwar found no extension").isEmpty();
        assertThat(svcrack.text()).as("svcrack found no password").doesNotContain(PASSWORD_1001).contains("found nothing");
        String bans = bans(http);
        for (String source : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
            assertThat(bans).containsPattern("(?m)^" + Pattern.quote(source) + "\tscanner\t\\d+s\tUser-Agent contains friendly-scanner$");
        }
        // each banned at its first request: one drop by the scanner filter each, the rest refused before parsing
        assertThat(counter(bans, "tandem_security_dropped_total{rule=\"scanner\"}")).isEqualTo(3);
        assertThat(counter(bans, "tandem_security_bans_total{rule=\"scanner\"}")).isEqualTo(3);
        assertThat(banLogLines(tandem)).isEqualTo(3);
    }

    @Test
    void enumerationCannotTellUsersApartAndTheCrackerIsBannedWithinFiveFailedAttempts() throws Exception {
        int port = Ports.free();
        String http = freeHttp();
        // the scanner filter off and no flood limit: the tools reach Connect, which must give nothing away
        Path config = writeConfig(dir.resolve("config"), port, """
            trusted: [%s]
                scanners: {userAgents: []}
                flood: {maxRequests: 0}""".formatted(TRUSTED));
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http, "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        List<String> range = IntStream.rangeClosed(1000, 1010).mapToObj(Integer::toString).toList();
        List<Output> scans = new ArrayList<>();
        Output svcrack;
        try (LoadLock lock = new LoadLock()) {
            for (String method : List.of("REGISTER", "INVITE", "OPTIONS")) {
                for (boolean force : List.of(false, true)) {
                    List<String> args = new ArrayList<>(List.of("-e1000-1010", "-m", method, "--domain", DOMAIN,
                        "-p", Integer.toString(port), "127.0.0.1"));
                    if (force) {
                        args.addFirst("--force");
                    }
                    scans.add(sipvicious(dir, "127.0.0.3", "svwar", Duration.ofSeconds(60), args.toArray(new String[0])));
                }
            }
            svcrack = sipvicious(dir, "127.0.0.4", "svcrack", Duration.ofSeconds(60), "-u", "1001", "-d",
                dictionary().toString(), "--domain", DOMAIN, "-p", Integer.toString(port), "127.0.0.1");
        }
        diagnostic("tools", () -> String.join("\n", scans.stream().map(Output::text).toList()) + "\n" + svcrack.text());
        for (Output scan : scans) {
            List<String> listed = reportedExtensions(scan.text());
            // a report that names 1001 but not every extension of the range would tell it apart
            if (!listed.containsAll(range)) {
                assertThat(listed).as("svwar's report:\n" + scan.text()).doesNotContain("1001");
            }
        }
        assertThat(svcrack.text()).doesNotContain(PASSWORD_1001).contains("found nothing");
        String bans = bans(http);
        assertThat(bans).containsPattern("(?m)^127\\.0\\.0\\.4\tbrute-force\t\\d+s\t5 failed digest attempts in 60 s$");
        assertThat(bans).as("enumeration alone carries no credentials: not a brute force").doesNotContain("127.0.0.3\t");
        // the ban is set on the 5th failure; a few more attempts svcrack had already sent may be past the door by then
        assertThat(counter(bans, "tandem_security_auth_failures_total")).isBetween(5L, 8L);
        assertThat(counter(bans, "tandem_security_bans_total{rule=\"brute-force\"}")).isEqualTo(1);
    }

    @Test
    void anInviteFloodBansTheFlooderWhileLegitimateCallsCompleteAndTheTrustedTrunkIsNeverBanned() throws Exception {
        int port = Ports.free();
        String http = freeHttp();
        Path config = writeConfig(dir.resolve("config"), port, "trusted: [" + TRUSTED + "]");
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http, "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", port);
        int calleePort = Ports.free();
        sipp.uac("agent-register.xml", calleePort, edge).name("register-1002").set("USER", "1002").set("PASSWORD", "pw-1002")
            .set("DOMAIN", DOMAIN).start().assertSuccess();
        List<String> callers = List.of("127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");
        int callsEach = 25;
        List<SippRun> legit = new ArrayList<>();
        SippRun flooder;
        SippRun trunk;
        long floodStart;
        double floodSeconds;
        try (LoadLock lock = new LoadLock()) {
            Sipp.Run callee = sipp.uas("uas-answer.xml", calleePort).name("callee-1002").calls(callers.size() * callsEach)
                .timeout(Duration.ofSeconds(60)).start();
            // written once: rewriting it per caller truncated the file a SIPp started just before was still reading
            Path agentCall = scenario("agent-call.xml", "1001", PASSWORD_1001);
            for (String source : callers) {
                // 2 calls a second, 5 requests each (INVITE, ACK, INVITE with credentials, ACK, BYE): below 30 per 2 s
                legit.add(SippRun.start(dir, "caller-" + source, agentCall, source,
                    Ports.free(), edge, "1002", callsEach, 2, Duration.ofSeconds(60)));
            }
            // 10x the ~3,000 calls/s the server sustains on a 2-core machine (bench/run.sh --quick): 30,000 INVITEs a second
            Path floodXml = scenario("flood-invite.xml", "", "");
            floodStart = System.nanoTime();
            flooder = SippRun.start(dir, "flooder", floodXml, "127.0.0.2", Ports.free(), edge,
                "1002", FLOOD_INVITES, FLOOD_RATE, Duration.ofSeconds(30));
            trunk = SippRun.start(dir, "trusted-trunk", floodXml, TRUSTED, Ports.free(), edge,
                "+15550100", 200, 50, Duration.ofSeconds(30));
            flooder.await(Duration.ofSeconds(30));
            floodSeconds = (System.nanoTime() - floodStart) / 1e9;
            for (SippRun r : legit) {
                r.await(Duration.ofSeconds(60));
            }
            trunk.await(Duration.ofSeconds(30));
            callee.kill();
        }
        legit.forEach(r -> diagnostic(r.name, r::describe));
        diagnostic("flooder", flooder::describe);
        long ok = 0;
        long total = 0;
        for (SippRun r : legit) {
            ok += r.stat("SuccessfulCall(C)");
            total += r.stat("SuccessfulCall(C)") + r.stat("FailedCall(C)");
        }
        long flood = flooder.stat("OutgoingCall(C)");
        String bans = bans(http);
        System.out.printf("flood: %d INVITEs from 127.0.0.2 in %.1f s (%d per s asked, %.0f per s sent); legitimate calls %d of %d "
                + "completed (%.1f %%); trusted trunk %d INVITEs%n", flood, floodSeconds, FLOOD_RATE, flood / floodSeconds, ok, total,
            100.0 * ok / Math.max(1, total), trunk.stat("OutgoingCall(C)"));
        assertThat(flood).as("INVITEs the flooder sent").isEqualTo(FLOOD_INVITES);
        assertThat(total).isEqualTo((long) callers.size() * callsEach);
        assertThat(100.0 * ok / total).as("legitimate calls completed, %%; bans and counters:%n%s", bans).isGreaterThanOrEqualTo(99.0);
        assertThat(bans).containsPattern("(?m)^127\\.0\\.0\\.2\tflood\t\\d+s\t31 requests in 2 s$");
        assertThat(bans).as("the trusted trunk and the legitimate callers").doesNotContain(TRUSTED + "\t")
            .doesNotContainPattern("(?m)^127\\.0\\.0\\.[3-6]\t");
        assertThat(counter(bans, "tandem_security_refused_total{rule=\"ban\"}")).as("the flood after the ban, dropped unparsed")
            .isGreaterThan(flood / 2);
        assertThat(trunk.stat("OutgoingCall(C)")).isEqualTo(200);
        assertThat(banLogLines(tandem)).isEqualTo(1);
    }

    @Test
    void bansAreSharedByTwoEdgePortsOnOneRedisExpireOnTimeAndAreListedAndLiftedWithTandemBans() throws Exception {
        RedisServer redis = closeAfter(RedisServer.start());
        int portA = Ports.free();
        int portB = Ports.free();
        String httpA = freeHttp();
        String httpB = freeHttp();
        String security = "trusted: [" + TRUSTED + "]\n    bans: {banSeconds: 8}";
        String location = """
            kind: Location
            apiVersion: v2beta1
            spec:
              cache:
                provider: redis
                parameters: "host=127.0.0.1,port=%d"
            """.formatted(Integer.parseInt(redis.uri().substring(redis.uri().lastIndexOf(':') + 1)));
        Path configA = writeConfig(dir.resolve("config-a"), portA, security);
        Path configB = writeConfig(dir.resolve("config-b"), portB, security);
        write(configA, "location.yaml", location);
        write(configB, "location.yaml", location);
        TandemProcess a = tandem("tandem-a", "run", "--config", configA.toString(), "--http", httpA);
        TandemProcess b = tandem("tandem-b", "run", "--config", configB.toString(), "--http", httpB);
        a.awaitReady(Duration.ofSeconds(90));
        b.awaitReady(Duration.ofSeconds(90));
        a.awaitStdout("bans shared through redis://127\\.0\\.0\\.1", Duration.ofSeconds(20));
        b.awaitStdout("bans shared through redis://127\\.0\\.0\\.1", Duration.ofSeconds(20));
        InetSocketAddress edgeB = new InetSocketAddress("127.0.0.1", portB);
        assertThat(answers("127.0.0.2", edgeB, Duration.ofSeconds(2))).as("before any ban").isTrue();

        // a scanner caught by A is banned by B too
        sipvicious(dir, "127.0.0.2", "svmap", Duration.ofSeconds(20), "-p", Integer.toString(portA), "127.0.0.1");
        Matcher left = Pattern.compile("(?m)^127\\.0\\.0\\.2\tscanner\t(\\d+)s\t").matcher(bans(httpA));
        assertThat(left.find()).as("banned on A").isTrue();
        long banned = System.nanoTime();
        int secondsLeft = Integer.parseInt(left.group(1));
        assertThat(secondsLeft).isBetween(1, 8);
        b.awaitHttp("/bans", h -> h.body().contains("127.0.0.2\tscanner\t"), "A's ban on B", Duration.ofSeconds(3));
        assertThat(answers("127.0.0.2", edgeB, Duration.ofSeconds(1))).as("banned on B").isFalse();
        assertThat(answers("127.0.0.3", edgeB, Duration.ofSeconds(2))).as("another source on B").isTrue();

        // both expire after banSeconds (8 s), on time: when A said it would, give or take the list's second and the polling
        b.awaitHttp("/bans", h -> !h.body().contains("127.0.0.2\t"), "the ban's expiry on B", Duration.ofSeconds(12));
        double seconds = (System.nanoTime() - banned) / 1e9;
        assertThat(seconds).as("expired after, s (A said %d s)", secondsLeft).isBetween(secondsLeft - 1.5, secondsLeft + 1.5);
        assertThat(bans(httpA)).doesNotContain("127.0.0.2\t");
        assertThat(answers("127.0.0.2", edgeB, Duration.ofSeconds(2))).as("after the expiry").isTrue();

        // tandem bans: set on A, seen on B, lifted on B, gone from A
        TandemProcess.Result set = TandemProcess.run(dir, "bans-set", Duration.ofSeconds(30), "bans", "--http", httpA,
            "--ban", "127.0.0.7", "--seconds", "600", "--reason", "e2e test");
        assertThat(set.exitCode()).as(set.description()).isZero();
        assertThat(set.stdout()).contains("banned 127.0.0.7 (manual: e2e test)");
        b.awaitHttp("/bans", h -> h.body().contains("127.0.0.7\tmanual\t"), "the manual ban on B", Duration.ofSeconds(3));
        TandemProcess.Result list = TandemProcess.run(dir, "bans-list", Duration.ofSeconds(30), "bans", "--http", httpB);
        assertThat(list.stdout()).containsPattern("(?m)^127\\.0\\.0\\.7\tmanual\t(59\\d|600)s\te2e test$")
            .contains("# tandem_security_bans_total{rule=\"manual\"} 1");
        TandemProcess.Result lift = TandemProcess.run(dir, "bans-unban", Duration.ofSeconds(30), "bans", "--http", httpB,
            "--unban", "127.0.0.7");
        assertThat(lift.stdout()).contains("unbanned 127.0.0.7");
        a.awaitHttp("/bans", h -> !h.body().contains("127.0.0.7"), "the unban on A", Duration.ofSeconds(3));
        assertThat(TandemProcess.run(dir, "bans-unban-again", Duration.ofSeconds(30), "bans", "--http", httpB, "--unban",
            "127.0.0.7").exitCode()).as("not banned any more").isEqualTo(1);
    }

    /** GET /bans (from loopback). */
    private static String bans(String http) throws IOException, InterruptedException {
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + http + "/bans")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static long counter(String bans, String series) {
        Matcher m = Pattern.compile("(?m)^# " + Pattern.quote(series) + " (\\d+)$").matcher(bans);
        assertThat(m.find()).as(series + " in\n" + bans).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long banLogLines(TandemProcess t) {
        // the logger, then the call of the message that got the ban (call=...), then the message
        return t.stdout().lines().filter(l -> l.matches(".*tandem\\.security( call=\\S+)?( trace=\\S+)? - banned .*")).count();
    }

    /** Seven wrong passwords, then the right one, then more: found only by a cracker that is not stopped. */
    private Path dictionary() throws IOException {
        Path d = dir.resolve("passwords.txt");
        Files.writeString(d, String.join("\n", "123456", "password", "1001", "admin", "letmein", "qwerty", "sip1001",
            PASSWORD_1001, "secret", "changeme") + "\n");
        return d;
    }

    /** A scenario of sipp/ with its placeholders filled, as a file of the test's directory. */
    private Path scenario(String name, String user, String password) throws IOException {
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sipp/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        text = text.replace("@USER@", user).replace("@PASSWORD@", password).replace("@DOMAIN@", DOMAIN).replace("@HOLD_MS@", "100");
        Path p = dir.resolve(name.replace(".xml", "") + "-" + user + ".xml");
        Files.writeString(p, text, StandardCharsets.ISO_8859_1);
        return p;
    }

    /**
     * edgeport.yaml on UDP and TCP {@code port} of 127.0.0.1 with {@code security} (YAML lines under
     * {@code spec.security}, continuation lines indented by four), domain sip.local, agents 1001 and 1002.
     */
    static Path writeConfig(Path config, int port, String security) throws IOException {
        write(config, "edgeport.yaml", edgePortYaml(port) + "  security:\n    " + security + "\n");
        write(config, "resources/all.yaml", """
            - apiVersion: v2beta1
              kind: Domain
              ref: dom
              metadata: {name: Security tests}
              spec:
                context:
                  domainUri: %s
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-1001
              metadata: {name: Agent 1001}
              spec:
                credentials: {username: "1001", password: "%s"}
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-1002
              metadata: {name: Agent 1002}
              spec:
                credentials: {username: "1002", password: "pw-1002"}
            - apiVersion: v2beta1
              kind: Agent
              ref: agent-1001
              metadata: {name: Agent 1001}
              spec: {username: "1001", domainRef: dom, credentialsRef: cred-1001}
            - apiVersion: v2beta1
              kind: Agent
              ref: agent-1002
              metadata: {name: Agent 1002}
              spec: {username: "1002", domainRef: dom, credentialsRef: cred-1002}
            """.formatted(DOMAIN, PASSWORD_1001));
        return config;
    }
}
