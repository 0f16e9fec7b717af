package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.HangupSide;
import io.tandem.accounting.cdr.Cdr;
import io.tandem.accounting.cdr.CdrTable;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OPTIONS keep-alives ({@code timeouts.keepAliveSeconds: 1}) through {@code tandem run}: a carrier
 * (SIPp on 127.0.0.2) calls agent 1001 (SIPp), both answer the first round 200; then the callee
 * answers 481, or nothing at all (T1 100 ms: its transaction times out after 6.4 s). Either way
 * Tandem ends the call with a BYE to the caller only, and the CDR's reason says which end died and how.
 */
class KeepAliveIT extends E2eFixture {
    @Test
    void aCalleeThatAnswers481OrNothingToTheKeepAliveEndsTheCall() throws Exception {
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        Files.writeString(config.resolve("edgeport.yaml"), "  timers:\n    t1: 100\n    t2: 400\n", StandardOpenOption.APPEND);
        write(config, "accounting.yaml", """
            kind: Accounting
            spec:
              timeouts:
                keepAliveSeconds: 1
                sweepMillis: 50
            """);
        Path data = dir.resolve("data");
        runReady(config, data);
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        int agentPort = registerAgent1001(edge);

        CarrierSipp gone = call("gone", "acct-uas-keepalive-481.xml", agentPort, edge);
        CarrierSipp silent = call("silent", "acct-uas-keepalive-silent.xml", agentPort, edge);

        List<Cdr> cdrs;
        try (CdrTable table = new CdrTable(CdrTable.h2Url(data), "sa", "")) {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (table.count() < 2 && System.nanoTime() < end) {
                TandemProcess.sleep(100);
            }
            cdrs = table.find(new CdrTable.CdrFilter(null, null, null, null, null, null, 10));
        }
        assertThat(cdrs).hasSize(2).allSatisfy(c -> {
            assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(c.hangup()).isEqualTo(HangupSide.TANDEM);
        });
        // the second round (2 s after the answer) found the callee gone at once
        assertThat(cdrs.get(0).reason()).isEqualTo("keep-alive: the callee answered 481");
        assertThat(cdrs.get(0).durationMillis()).isBetween(2_000L, 2_600L);
        // the second round's OPTIONS timed out (64·T1 = 6.4 s) without an answer
        assertThat(cdrs.get(1).reason()).isEqualTo("keep-alive: no answer from the callee");
        assertThat(cdrs.get(1).durationMillis()).isBetween(8_400L, 9_200L);
        for (CarrierSipp caller : List.of(gone, silent)) {
            List<String> got = caller.log().stream().filter(Sipp.Logged::received).map(l -> new String(l.message().startLine(), java.nio.charset.StandardCharsets.ISO_8859_1)).toList();
            assertThat(got).as("what the caller got").anyMatch(l -> l.startsWith("OPTIONS ")).last().asString().startsWith("BYE ");
        }
    }

    /** One call, the caller answering every keep-alive and waiting for Tandem's BYE; returns once both SIPps are done. */
    private CarrierSipp call(String name, String calleeScenario, int agentPort, InetSocketAddress edge) throws Exception {
        Sipp.Run callee = sipp.uas(calleeScenario, agentPort).calls(1).timeout(Duration.ofSeconds(30)).name(name + "-callee").start();
        CarrierSipp caller = closeAfter(CarrierSipp.start(dir, name + "-caller", "acct-caller-keepalive.xml",
            ConfigDirectoryCallsIT.CARRIER_IP, Ports.free(), edge, ConfigDirectoryCallsIT.DID_1001, 1,
            Map.of("FROM_USER", ConfigDirectoryCallsIT.CARRIER_CALLER, "FROM_HOST", "gw.carrier.example",
                "HOST", "127.0.0.1:" + edge.getPort()), List.of(), Duration.ofSeconds(30)));
        diagnostic(name + "-caller", caller::describe);
        caller.assertSuccess();
        callee.assertSuccess();
        return caller;
    }
}
