package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.HangupSide;
import io.tandem.accounting.cdr.Cdr;
import io.tandem.accounting.cdr.CdrTable;
import io.tandem.testkit.NatsServer;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Calls from a carrier (SIPp on 127.0.0.2, the trunk's ACL) to agent 1001's DID through {@code tandem
 * run}, in batches: answered with the caller hanging up, busy (486), no answer (480), cancelled,
 * answered but never acknowledged (Tandem's no-ACK timeout sends BYE into both legs), and six at
 * once on a trunk limited to five. Every call attempt must leave exactly one CDR in the database
 * and one message on the NATS stream, with the disposition, the parties and the duration it had.
 */
class CallAccountingIT extends E2eFixture {
    private static final int PAUSE_MS = 500;
    private static final int BATCH = 20;

    @Test
    void everyCallAttemptLeavesExactlyOneCdr() throws Exception {
        NatsServer nats = closeAfter(NatsServer.start());
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        Files.writeString(config.resolve("resources/trunks.yaml"), "    limits:\n      maxCalls: 5\n",
            java.nio.file.StandardOpenOption.APPEND);
        write(config, "accounting.yaml", """
            kind: Accounting
            spec:
              nats:
                url: %s
              timeouts:
                noAckSeconds: 2
                sweepMillis: 50
            """.formatted(nats.url()));
        Path data = dir.resolve("data");
        runReady(config, data);
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        int agentPort = registerAgent1001(edge);

        long t0 = System.nanoTime();
        batch("answered", sipp.uas("uas-answer.xml", agentPort).calls(BATCH), "acct-caller.xml", BATCH, Map.of("PAUSE", "" + PAUSE_MS),
            edge);
        batch("busy", finalAnswer(agentPort, 486, "Busy Here"), "acct-caller-final.xml", BATCH, Map.of("STATUS", "486"), edge);
        batch("no-answer", finalAnswer(agentPort, 480, "Temporarily Unavailable"), "acct-caller-final.xml", BATCH,
            Map.of("STATUS", "480"), edge);
        batch("cancelled", sipp.uas("acct-uas-cancel.xml", agentPort).calls(BATCH), "acct-caller-cancel.xml", BATCH, Map.of(), edge);
        batch("no-ack", sipp.uas("acct-uas-noack.xml", agentPort).calls(10), "acct-caller-noack.xml", 10, Map.of(), edge);
        // six at once on a trunk limited to five: five are answered, the sixth refused with 503
        Sipp.Run five = sipp.uas("uas-answer.xml", agentPort).calls(5).name("limit-callee").start();
        CarrierSipp up = carrier("limit-five", "acct-caller.xml", 5, Map.of("PAUSE", "3000"), List.of("-r", "50", "-l", "5"), edge);
        TandemProcess.sleep(1_000);
        carrier("limit-sixth", "acct-caller-final.xml", 1, Map.of("STATUS", "503"), List.of(), edge).assertSuccess();
        up.assertSuccess();
        five.assertSuccess();
        long calls = 4L * BATCH + 10 + 6;
        System.out.printf("%d calls in %d ms%n", calls, (System.nanoTime() - t0) / 1_000_000);

        try (CdrTable table = new CdrTable(CdrTable.h2Url(data), "sa", "")) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (table.count() < calls && System.nanoTime() < end) {
                TandemProcess.sleep(200);
            }
            TandemProcess.sleep(500); // a duplicate would come now
            List<Cdr> cdrs = table.find(new CdrTable.CdrFilter(null, null, null, null, null, null, 10_000));
            assertThat(cdrs).as("one CDR per call attempt").hasSize((int) calls);
            assertThat(cdrs.stream().map(Cdr::callId).distinct().count()).as("no Call-ID twice").isEqualTo(calls);
            Map<Disposition, Long> by = cdrs.stream().collect(Collectors.groupingBy(Cdr::disposition, Collectors.counting()));
            assertThat(by).containsEntry(Disposition.ANSWERED, (long) BATCH + 5).containsEntry(Disposition.BUSY, (long) BATCH)
                .containsEntry(Disposition.NO_ANSWER, (long) BATCH).containsEntry(Disposition.CANCELLED, (long) BATCH)
                .containsEntry(Disposition.TIMED_OUT, 10L).containsEntry(Disposition.FAILED, 1L);
            assertThat(cdrs).allSatisfy(c -> {
                assertThat(c.sourceKind()).isEqualTo("trunk");
                assertThat(c.sourceRef()).isEqualTo("trunk-carrier");
                assertThat(c.destinationRef()).isEqualTo("agent-1001");
                assertThat(c.direction()).isEqualTo("inbound");
                assertThat(c.tenant()).isEqualTo("dom-e2e");
                assertThat(c.calleeE164()).isEqualTo(ConfigDirectoryCallsIT.DID_1001);
                assertThat(c.callerE164()).isEqualTo(ConfigDirectoryCallsIT.CARRIER_CALLER);
                assertThat(c.edgePortRef()).isEqualTo("edgeport-e2e");
            });
            List<Cdr> answered = cdrs.stream().filter(c -> c.disposition() == Disposition.ANSWERED && c.durationMillis() < 2_000).toList();
            assertThat(answered).hasSize(BATCH).allSatisfy(c -> {
                assertThat(c.hangup()).isEqualTo(HangupSide.CALLER);
                assertThat(c.durationMillis()).as("duration of %s (SIPp's pause: %d ms)", c.callId(), PAUSE_MS)
                    .isBetween((long) PAUSE_MS, PAUSE_MS + 50L);
            });
            assertThat(cdrs).filteredOn(c -> c.disposition() == Disposition.TIMED_OUT).allSatisfy(c -> {
                assertThat(c.hangup()).isEqualTo(HangupSide.TANDEM);
                assertThat(c.reason()).isEqualTo("no ACK");
            });
            assertThat(cdrs).filteredOn(c -> c.disposition() == Disposition.FAILED).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(503));
            assertThat(cdrs).filteredOn(c -> c.disposition() == Disposition.CANCELLED)
                .allSatisfy(c -> assertThat(c.hangup()).isEqualTo(HangupSide.CALLER));
            Map<String, Cdr> byId = cdrs.stream().collect(Collectors.toMap(Cdr::id, Function.identity()));
            assertThat(byId).hasSize((int) calls);
        }
        try (Connection c = Nats.connect(nats.url())) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long n = 0;
            while (System.nanoTime() < end && (n = c.jetStreamManagement().getStreamInfo("TANDEM_CDRS").getStreamState().getMsgCount())
                < calls) {
                TandemProcess.sleep(200);
            }
            assertThat(n).as("one message per CDR on the stream").isEqualTo(calls);
        }
    }

    private Sipp.Builder finalAnswer(int port, int status, String reason) {
        return sipp.uas("acct-uas-final.xml", port).calls(BATCH).set("STATUS", status).set("REASON", reason).set("PAUSE", 100);
    }

    private void batch(String name, Sipp.Builder callee, String callerScenario, int calls, Map<String, String> values,
                       InetSocketAddress edge) throws IOException {
        Sipp.Run uas = callee.name(name + "-callee").start();
        carrier(name + "-caller", callerScenario, calls, values, List.of("-r", "20", "-l", "4"), edge).assertSuccess();
        uas.assertSuccess();
    }

    private CarrierSipp carrier(String name, String scenario, int calls, Map<String, String> extra, List<String> options,
                                InetSocketAddress edge) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(extra);
        values.put("FROM_USER", ConfigDirectoryCallsIT.CARRIER_CALLER);
        values.put("FROM_HOST", "gw.carrier.example");
        values.put("HOST", "127.0.0.1:" + edge.getPort());
        CarrierSipp s = closeAfter(CarrierSipp.start(dir, name, scenario, ConfigDirectoryCallsIT.CARRIER_IP, Ports.free(), edge,
            ConfigDirectoryCallsIT.DID_1001, calls, values, options));
        diagnostic(name, s::describe);
        return s;
    }
}
