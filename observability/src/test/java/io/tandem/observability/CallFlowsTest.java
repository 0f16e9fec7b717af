package io.tandem.observability;

import static io.tandem.edgeport.transport.MessageTap.Direction.IN;
import static io.tandem.edgeport.transport.MessageTap.Direction.OUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.observability.flow.CallFlows;
import io.tandem.observability.flow.FlowJson;
import io.tandem.observability.flow.Ladder;
import io.tandem.observability.flow.Pcap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recent calls' messages: bounded, by Call-ID, as JSON, ladder and a PCAP that tcpdump reads. */
class CallFlowsTest {
    @TempDir
    Path dir;

    private static void call(CallFlows flows, String callId, long t0) {
        flows.accept(Messages.captured(IN, Messages.CALLER, Messages.request("INVITE", callId, "z9hG4bKa", 1), t0));
        flows.accept(Messages.captured(OUT, Messages.CALLEE, Messages.request("INVITE", callId, "z9hG4bKb", 1), t0 + 500));
        flows.accept(Messages.captured(IN, Messages.CALLEE, Messages.response(180, "Ringing", "INVITE", callId, "z9hG4bKb", 1),
            t0 + 20_000));
        flows.accept(Messages.captured(OUT, Messages.CALLER, Messages.response(180, "Ringing", "INVITE", callId, "z9hG4bKa", 1),
            t0 + 20_300));
    }

    @Test
    void keepsTheRecentCallsAndTheFirstMessagesOfEach() {
        CallFlows flows = new CallFlows(2, 3);
        call(flows, "one", 1_000_000);
        call(flows, "two", 2_000_000);
        call(flows, "three", 3_000_000);
        flows.accept(Messages.captured(IN, Messages.CALLER, "garbage without headers\r\n\r\n", 4_000_000));
        assertThat(flows.callIds()).containsExactly("two", "three");
        assertThat(flows.flow("one")).isEmpty();
        CallFlows.Flow f = flows.flow("three").orElseThrow();
        assertThat(f.messages()).hasSize(3);
        assertThat(f.omitted()).isEqualTo(1);
    }

    @Test
    void jsonAndLadderInOrder() {
        CallFlows flows = new CallFlows(10, 100);
        call(flows, "c\"1", 1_000_000);
        CallFlows.Flow f = flows.flow("c\"1").orElseThrow();
        String json = FlowJson.of(f);
        assertThat(json).startsWith("{\"callId\":\"c\\\"1\",\"omitted\":0,\"messages\":[")
            .contains("\"direction\":\"in\",\"transport\":\"UDP\",\"source\":\"127.0.0.1:5070\",\"destination\":\"127.0.0.1:5060\","
                + "\"firstLine\":\"INVITE sip:bob@example.com SIP/2.0\",\"cseq\":\"1 INVITE\"")
            .contains("\"firstLine\":\"SIP/2.0 180 Ringing\"").contains("\\r\\nCall-ID: c\\\"1\\r\\n");
        String ladder = Ladder.of(f);
        List<String> lines = ladder.lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).contains("127.0.0.1:5070").contains("tandem").contains("127.0.0.1:5080");
        assertThat(lines.get(2)).contains("0.000ms").contains("INVITE").contains(">").doesNotContain("<");
        assertThat(lines.get(2).indexOf('|')).isLessThan(lines.get(2).indexOf("INVITE"));
        assertThat(lines.get(4)).contains("20.000ms").contains("<").contains("180 Ringing");
        assertThat(lines.get(5)).contains("20.300ms").contains("<").contains("180 Ringing");
    }

    @Test
    void pcapReadByTcpdumpWithTheSameCount() throws Exception {
        CallFlows flows = new CallFlows(10, 100);
        call(flows, "pcap-1", 1_700_000_000_000_000L);
        Path file = dir.resolve("flow.pcap");
        Files.write(file, Pcap.of(flows.flow("pcap-1").orElseThrow().messages()));
        Process p = new ProcessBuilder("tcpdump", "-n", "-r", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        List<String> packets = out.lines().filter(l -> l.contains(" IP ")).toList();
        assertThat(packets).as(out).hasSize(4);
        assertThat(packets.get(0)).contains("127.0.0.1.5070 > 127.0.0.1.5060").contains("SIP: INVITE sip:bob@example.com");
        assertThat(packets.get(1)).contains("127.0.0.1.5060 > 127.0.0.1.5080");
        assertThat(packets.get(3)).contains("127.0.0.1.5060 > 127.0.0.1.5070").contains("SIP/2.0 180 Ringing");
        assertThat(out).doesNotContain("bad").doesNotContain("truncated");
    }
}
