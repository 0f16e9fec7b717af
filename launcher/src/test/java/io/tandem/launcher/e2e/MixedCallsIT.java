package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.HangupSide;
import io.tandem.accounting.cdr.Cdr;
import io.tandem.accounting.cdr.CdrTable;
import io.tandem.testkit.NatsServer;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A thousand scripted calls from a carrier (SIPp on 127.0.0.2) to agent 1001 (SIPp on 127.0.0.1)
 * through {@code tandem run}, mixed in one run at 100 calls/s (acct-mix-caller.xml and
 * acct-mix-uas.xml play each call's case of the injection file): answered with the caller hanging
 * up, answered with the callee hanging up, cancelled while ringing, busy, not answered (Tandem's
 * Timer C cancels it), and answered but never acknowledged (Tandem's no-ACK timeout sends BYE to
 * both legs). Every call must leave exactly one CDR, in the table and on the NATS stream (none
 * missing, none twice), with the disposition and hangup side of its case, and every answered call
 * the duration SIPp measured between its 2xx and its BYE, within 50 ms.
 */
class MixedCallsIT extends E2eFixture {
    private static final int CALLS = 1_000;
    private static final int RATE = 100;
    private static final long TOLERANCE_MS = 50;
    /** The cases of acct-mix-caller.xml and how many calls of each in a thousand. */
    private static final Map<String, Integer> MIX = Map.of("bye-caller", 300, "bye-callee", 250, "cancel", 120, "busy", 130,
        "noanswer", 100, "noack", 100);

    @Test
    void aThousandMixedCallsLeaveOneCdrEachWithSippsDurations() throws Exception {
        NatsServer nats = closeAfter(NatsServer.start());
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        // Timer C ends the unanswered calls: Tandem cancels the callee's branch (RFC 3261 §16.8)
        Files.writeString(config.resolve("edgeport.yaml"), "  timers:\n    timerC: 1500\n", StandardOpenOption.APPEND);
        write(config, "accounting.yaml", """
            kind: Accounting
            spec:
              nats:
                url: %s
              timeouts:
                noAckSeconds: 2
                sweepMillis: 20
            """.formatted(nats.url()));
        Path data = dir.resolve("data");
        // INFO logging: at debug, every message of 100 calls/s is a line, which this machine's two cores feel
        TandemProcess tandem = closeAfter(TandemProcess.start(dir, "tandem", Map.of(), "run", "--config", config.toString(),
            "--data", data.toString(), "--http", freeHttp(), "--digest", "MD5"));
        diagnostic("tandem", tandem::describe);
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        int agentPort = registerAgent1001(edge);

        Path cases = dir.resolve("cases.csv");
        Files.writeString(cases, injection(new Random(15)), StandardCharsets.ISO_8859_1);
        Path sippLog = dir.resolve("mix-caller-calls.log");
        Sipp.Run callee = sipp.uas("acct-mix-uas.xml", agentPort).calls(CALLS).timeout(Duration.ofSeconds(120)).name("mix-callee")
            .start();
        long t0 = System.nanoTime();
        CarrierSipp caller = closeAfter(CarrierSipp.start(dir, "mix-caller", "acct-mix-caller.xml", ConfigDirectoryCallsIT.CARRIER_IP,
            Ports.free(), edge, ConfigDirectoryCallsIT.DID_1001, CALLS, Map.of("FROM_USER", ConfigDirectoryCallsIT.CARRIER_CALLER,
                "FROM_HOST", "gw.carrier.example", "HOST", "127.0.0.1:" + sipPort),
            List.of("-r", Integer.toString(RATE), "-l", "400", "-inf", cases.toString(), "-trace_logs", "-log_file",
                sippLog.toString()), Duration.ofSeconds(120)));
        diagnostic("mix-caller", caller::describe);
        caller.assertSuccess();
        callee.assertSuccess();
        System.out.printf("%d mixed calls in %d ms%n", CALLS, (System.nanoTime() - t0) / 1_000_000);

        Map<String, SippCall> sippCalls = SippCall.read(sippLog);
        assertThat(sippCalls).as("calls SIPp made").hasSize(CALLS);
        List<Cdr> cdrs;
        try (CdrTable table = new CdrTable(CdrTable.h2Url(data), "sa", "")) {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (table.count() < CALLS && System.nanoTime() < end) {
                TandemProcess.sleep(200);
            }
            TandemProcess.sleep(1_000); // a duplicate would come now
            cdrs = table.find(new CdrTable.CdrFilter(null, null, null, null, null, null, 10 * CALLS));
        }
        assertThat(cdrs).as("one CDR per call attempt").hasSize(CALLS);
        Map<String, List<Cdr>> byCall = cdrs.stream().collect(Collectors.groupingBy(Cdr::callId));
        assertThat(byCall.keySet()).as("the CDRs' Call-IDs are SIPp's calls, each once").isEqualTo(sippCalls.keySet());
        Map<String, Long> perCase = new HashMap<>();
        List<String> offsets = new ArrayList<>();
        for (Cdr c : cdrs) {
            SippCall s = sippCalls.get(c.callId());
            perCase.merge(s.kase(), 1L, Long::sum);
            assertThat(c).as("CDR of %s (%s)", c.callId(), s.kase()).satisfies(cdr -> expect(cdr, s.kase()));
            if (s.answered()) {
                assertThat(c.durationMillis()).as("duration of %s (%s): SIPp measured %d ms", c.callId(), s.kase(), s.durationMillis())
                    .isBetween(s.durationMillis() - TOLERANCE_MS, s.durationMillis() + TOLERANCE_MS);
                offsets.add(Long.toString(c.durationMillis() - s.durationMillis()));
            }
        }
        assertThat(perCase).as("calls per case").isEqualTo(MIX.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue())));
        System.out.println("CDR duration minus SIPp's (ms), answered calls: "
            + offsets.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));

        try (Connection c = Nats.connect(nats.url())) {
            JetStreamManagement jsm = c.jetStreamManagement();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long n = 0;
            while (System.nanoTime() < end && (n = jsm.getStreamInfo("TANDEM_CDRS").getStreamState().getMsgCount()) < CALLS) {
                TandemProcess.sleep(200);
            }
            assertThat(n).as("messages on the CDR stream").isEqualTo(CALLS);
            JsonMapper json = JsonMapper.builder().build();
            List<String> ids = new ArrayList<>();
            Set<String> callIds = new HashSet<>();
            long first = jsm.getStreamInfo("TANDEM_CDRS").getStreamState().getFirstSequence();
            for (long seq = first; seq < first + n; seq++) {
                JsonNode m = json.readTree(new String(jsm.getMessage("TANDEM_CDRS", seq).getData(), StandardCharsets.UTF_8));
                ids.add(m.path("id").asString());
                callIds.add(m.path("call_id").asString());
            }
            assertThat(new HashSet<>(ids)).as("the stream's CDR ids, each once, are the table's").hasSize(CALLS)
                .isEqualTo(cdrs.stream().map(Cdr::id).collect(Collectors.toSet()));
            assertThat(callIds).as("the stream's Call-IDs").isEqualTo(sippCalls.keySet());
        }
    }

    /** What the CDR of a call of {@code kase} says. */
    private static void expect(Cdr c, String kase) {
        assertThat(c.sourceRef()).isEqualTo("trunk-carrier");
        assertThat(c.destinationRef()).isEqualTo("agent-1001");
        switch (kase) {
            case "bye-caller" -> {
                assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
                assertThat(c.hangup()).isEqualTo(HangupSide.CALLER);
            }
            case "bye-callee" -> {
                assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
                assertThat(c.hangup()).isEqualTo(HangupSide.CALLEE);
            }
            case "cancel" -> {
                assertThat(c.disposition()).isEqualTo(Disposition.CANCELLED);
                assertThat(c.hangup()).isEqualTo(HangupSide.CALLER);
                assertThat(c.status()).isEqualTo(487);
            }
            case "busy" -> {
                assertThat(c.disposition()).isEqualTo(Disposition.BUSY);
                assertThat(c.status()).isEqualTo(486);
            }
            case "noanswer" -> {
                assertThat(c.disposition()).isEqualTo(Disposition.NO_ANSWER);
                assertThat(c.hangup()).isEqualTo(HangupSide.TANDEM);
            }
            case "noack" -> {
                assertThat(c.disposition()).isEqualTo(Disposition.TIMED_OUT);
                assertThat(c.hangup()).isEqualTo(HangupSide.TANDEM);
                assertThat(c.reason()).isEqualTo("no ACK");
            }
            default -> throw new AssertionError("no case " + kase);
        }
        if (!kase.startsWith("bye") && !kase.equals("noack")) {
            assertThat(c.answer()).isNull();
            assertThat(c.durationMillis()).isZero();
        }
    }

    /** SIPp's injection file: the cases of {@link #MIX} in a shuffled order, the answered ones with holds of 100 to 900 ms. */
    private static String injection(Random random) {
        List<String> lines = new ArrayList<>();
        MIX.forEach((kase, n) -> {
            for (int i = 0; i < n; i++) {
                lines.add(kase + ";" + (kase.startsWith("bye") ? 100 + random.nextInt(800) : 0) + ";");
            }
        });
        lines.sort(null); // Map.of's order varies between runs; the seeded shuffle must not
        Collections.shuffle(lines, random);
        return "SEQUENTIAL\n" + String.join("\n", lines) + "\n";
    }

    /** One call as SIPp's log tells it: its case and, when answered, SIPp's clock at the 2xx and at the BYE. */
    private record SippCall(String kase, long answerTick, long endTick) {
        boolean answered() {
            return answerTick >= 0;
        }

        long durationMillis() {
            return endTick - answerTick;
        }

        /** The lines {@code CALL-ID CASE start|answer|end TICK} of acct-mix-caller.xml's log. */
        static Map<String, SippCall> read(Path log) throws java.io.IOException {
            Map<String, SippCall> out = new HashMap<>();
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                String[] f = line.trim().split(" ");
                if (f.length != 4) {
                    continue;
                }
                long tick = Long.parseLong(f[3]);
                SippCall was = out.get(f[0]);
                out.put(f[0], switch (f[2]) {
                    case "start" -> new SippCall(f[1], -1, -1);
                    case "answer" -> new SippCall(f[1], tick, -1);
                    case "end" -> new SippCall(f[1], was.answerTick(), tick);
                    default -> throw new AssertionError("SIPp log line " + line);
                });
            }
            return out;
        }
    }
}
