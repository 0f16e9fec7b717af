package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.HangupSide;
import io.tandem.accounting.cdr.Cdr;
import io.tandem.accounting.cdr.CdrTable;
import io.tandem.testkit.Ports;
import io.tandem.testkit.RedisServer;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two EdgePorts ({@code tandem run} twice, one configuration but the SIP port, one secret) on one
 * Redis, which holds their Location and their call counters: a carrier (SIPp on 127.0.0.2) calls
 * agent 1001 (registered once, through A) through both.
 */
class SharedCallsIT extends E2eFixture {
    private static final String SECRET = "shared-calls-it-secret-0123456789";
    private static final String TRUNK_COUNTER = "tandem:calls:trunk:trunk-carrier";

    private RedisServer redis;
    private final int[] sipPorts = {Ports.free(), Ports.free()};
    private final Path[] data = new Path[2];
    private final TandemProcess[] nodes = new TandemProcess[2];
    private final String[] http = {freeHttp(), freeHttp()};

    /**
     * The trunk's limit of 5 is one limit for both: three calls up through A and two through B, the
     * sixth is refused with the configured 486 on either (the callee never sees it); every call
     * gives its share back when it ends.
     */
    @Test
    void twoEdgePortsShareOneTrunkLimitOfFive() throws Exception {
        startNodes("""
            kind: Accounting
            spec:
              limits:
                refuseWith: 486
            """);
        Sipp.Run callee = sipp.uas("uas-answer.xml", registerAgent()).calls(5).timeout(Duration.ofSeconds(30)).name("callee").start();
        // three through A, two through B, held 4 s
        CarrierSipp onA = carrier("up-a", "acct-caller.xml", 0, 3, Map.of("PAUSE", "4000"), List.of("-r", "50", "-l", "3"));
        CarrierSipp onB = carrier("up-b", "acct-caller.xml", 1, 2, Map.of("PAUSE", "4000"), List.of("-r", "50", "-l", "2"));
        try (RedisClient client = RedisClient.create(redis.uri()); StatefulRedisConnection<String, String> r = client.connect()) {
            awaitCounter(r, "5", "five calls up");
            carrier("sixth-a", "acct-caller-final.xml", 0, 1, Map.of("STATUS", "486"), List.of()).assertSuccess();
            carrier("sixth-b", "acct-caller-final.xml", 1, 1, Map.of("STATUS", "486"), List.of()).assertSuccess();
            assertThat(r.sync().get(TRUNK_COUNTER)).as("the refused calls took no share").isEqualTo("5");
            onA.assertSuccess();
            onB.assertSuccess();
            callee.assertSuccess();
            awaitCounter(r, "0", "every call ended");
        }
        assertThat(callee.received("INVITE")).as("INVITEs the callee saw").hasSize(5);
        List<Cdr> a = cdrs(0, 4);
        List<Cdr> b = cdrs(1, 3);
        assertThat(a).filteredOn(c -> c.disposition() == Disposition.ANSWERED).hasSize(3);
        assertThat(b).filteredOn(c -> c.disposition() == Disposition.ANSWERED).hasSize(2);
        assertThat(List.of(a, b)).allSatisfy(node -> assertThat(node).filteredOn(c -> c.disposition() == Disposition.BUSY)
            .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(486)));
    }

    /**
     * Three calls answered through A, which is killed (SIGKILL) a second later: B finds A's heartbeat
     * gone, takes its three dialogs over from Redis, hangs one up on a command ({@code DELETE
     * /calls/CALL-ID}) and the other two at their maximum duration (8 s from the answer), each with
     * BYE into both legs; the shares A held of the trunk's limit are given back, the records removed,
     * and B writes the three CDRs.
     */
    @Test
    void theDialogsOfANodeThatDiedAreEndedByTheOther() throws Exception {
        startNodes("""
            kind: Accounting
            spec:
              timeouts:
                maxDurationSeconds: 8
                sweepMillis: 100
            """);
        Sipp.Run callee = sipp.uas("uas-answer.xml", registerAgent()).calls(3).timeout(Duration.ofSeconds(40)).name("callee").start();
        Path cases = dir.resolve("cases.csv");
        Files.writeString(cases, "SEQUENTIAL\nbye-callee;0;\nbye-callee;0;\nbye-callee;0;\n"); // wait for the BYE
        Path callerLog = dir.resolve("caller-calls.log");
        Map<String, String> values = new LinkedHashMap<>(Map.of("FROM_USER", ConfigDirectoryCallsIT.CARRIER_CALLER, "FROM_HOST",
            "gw.carrier.example", "HOST", "127.0.0.1:" + sipPorts[0]));
        CarrierSipp caller = closeAfter(CarrierSipp.start(dir, "caller", "acct-mix-caller.xml", ConfigDirectoryCallsIT.CARRIER_IP,
            Ports.free(), edge(0), ConfigDirectoryCallsIT.DID_1001, 3, values, List.of("-r", "10", "-l", "3", "-inf", cases.toString(),
                "-trace_logs", "-log_file", callerLog.toString()), Duration.ofSeconds(40)));
        diagnostic("caller", caller::describe);
        final String first; // the call hung up on a command
        try (RedisClient client = RedisClient.create(redis.uri()); StatefulRedisConnection<String, String> r = client.connect()) {
            awaitCounter(r, "3", "three calls up");
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (r.sync().keys("tandem:dialog:*").size() < 3 && System.nanoTime() < end) {
                TandemProcess.sleep(50);
            }
            assertThat(r.sync().keys("tandem:dialog:*")).as("A's answered calls in Redis").hasSize(3);
            nodes[0].close(); // SIGKILL: no goodbye
            end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (tookOver(nodes[1]) < 3 && System.nanoTime() < end) {
                TandemProcess.sleep(100);
            }
            assertThat(tookOver(nodes[1])).as("dialogs B took over").isEqualTo(3);
            first = Files.readAllLines(callerLog).get(0).split(" ")[0];
            try (HttpClient h = HttpClient.newHttpClient()) {
                HttpResponse<String> hangup = h.send(HttpRequest.newBuilder(URI.create("http://" + http[1] + "/calls/"
                    + URLEncoder.encode(first, StandardCharsets.UTF_8))).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(hangup.statusCode()).as(hangup.body()).isEqualTo(200);
                HttpResponse<String> again = h.send(HttpRequest.newBuilder(URI.create("http://" + http[1] + "/calls/"
                    + URLEncoder.encode(first, StandardCharsets.UTF_8))).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(again.statusCode()).as(again.body()).isEqualTo(404);
            }
            caller.assertSuccess();
            callee.assertSuccess();
            awaitCounter(r, "0", "the dialogs B took over ended");
            assertThat(r.sync().keys("tandem:dialog:*")).as("records left").isEmpty();
        }
        List<Cdr> cdrs = cdrs(1, 3);
        assertThat(cdrs).allSatisfy(c -> {
            assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(c.hangup()).isEqualTo(HangupSide.TANDEM);
            assertThat(c.edgePortRef()).isEqualTo("edgeport-e2e");
            assertThat(c.sourceRef()).isEqualTo("trunk-carrier");
        });
        assertThat(cdrs).filteredOn(c -> c.callId().equals(first)).singleElement()
            .satisfies(c -> assertThat(c.reason()).isEqualTo("hung up by command"));
        assertThat(cdrs).filteredOn(c -> !c.callId().equals(first)).hasSize(2).allSatisfy(c -> {
            assertThat(c.reason()).isEqualTo("maximum duration");
            assertThat(c.durationMillis()).isBetween(8_000L, 8_600L);
        });
    }

    private static long tookOver(TandemProcess node) {
        return node.stdout().lines().filter(l -> l.contains("took over the dialog")).count();
    }

    /** Redis, and both nodes with {@code accounting} as their accounting.yaml, ready. */
    private void startNodes(String accounting) throws IOException, InterruptedException {
        redis = closeAfter(RedisServer.start());
        String location = """
            kind: Location
            apiVersion: v2beta1
            spec:
              cache:
                provider: redis
                parameters: "host=127.0.0.1,port=%s"
            """.formatted(redis.uri().substring(redis.uri().lastIndexOf(':') + 1));
        int carrierPort = Ports.free();
        for (int i = 0; i < 2; i++) {
            String name = "node-" + (char) ('a' + i);
            Path config = dir.resolve(name + "-config");
            ConfigDirectoryCallsIT.writeConfig(config, sipPorts[i], carrierPort);
            Files.writeString(config.resolve("resources/trunks.yaml"), "    limits:\n      maxCalls: 5\n", StandardOpenOption.APPEND);
            write(config, "location.yaml", location);
            write(config, "accounting.yaml", accounting);
            data[i] = dir.resolve(name + "-data");
            nodes[i] = closeAfter(TandemProcess.start(dir, name, Map.of("TANDEM_SECRET", SECRET, "TANDEM_LOG_LEVEL", "debug"), "run",
                "--config", config.toString(), "--data", data[i].toString(), "--http", http[i], "--digest", "MD5"));
            diagnostic(name, nodes[i]::describe);
        }
        for (TandemProcess n : nodes) {
            n.awaitReady(Duration.ofSeconds(90));
        }
    }

    /** Registers agent 1001 through A (the binding is in Redis, so B finds it too); its port. */
    private int registerAgent() throws IOException {
        return registerAgent1001(edge(0));
    }

    private InetSocketAddress edge(int node) {
        return new InetSocketAddress("127.0.0.1", sipPorts[node]);
    }

    private static void awaitCounter(StatefulRedisConnection<String, String> r, String value, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String v = r.sync().get(TRUNK_COUNTER);
        while (!value.equals(v) && System.nanoTime() < end) {
            TandemProcess.sleep(50);
            v = r.sync().get(TRUNK_COUNTER);
        }
        assertThat(v).as("the trunk's shared call counter (%s)", what).isEqualTo(value);
    }

    /** The {@code n} CDRs of {@code node}, once written. */
    private List<Cdr> cdrs(int node, int n) throws Exception {
        try (CdrTable table = new CdrTable(CdrTable.h2Url(data[node]), "sa", "")) {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (table.count() < n && System.nanoTime() < end) {
                TandemProcess.sleep(100);
            }
            List<Cdr> cdrs = new ArrayList<>(table.find(new CdrTable.CdrFilter(null, null, null, null, null, null, 100)));
            assertThat(cdrs).as("CDRs of node %d", node).hasSize(n);
            return cdrs;
        }
    }

    private CarrierSipp carrier(String name, String scenario, int node, int calls, Map<String, String> extra, List<String> options)
        throws IOException {
        Map<String, String> values = new LinkedHashMap<>(extra);
        values.put("FROM_USER", ConfigDirectoryCallsIT.CARRIER_CALLER);
        values.put("FROM_HOST", "gw.carrier.example");
        values.put("HOST", "127.0.0.1:" + sipPorts[node]);
        CarrierSipp s = closeAfter(CarrierSipp.start(dir, name, scenario, ConfigDirectoryCallsIT.CARRIER_IP, Ports.free(), edge(node),
            ConfigDirectoryCallsIT.DID_1001, calls, values, options));
        diagnostic(name, s::describe);
        return s;
    }
}
