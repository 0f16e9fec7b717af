package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.CARRIER_IP;
import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.DOMAIN;
import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.PSTN_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Topology hiding ({@code spec.security.topologyHiding}) in {@code tandem run}: an agent on
 * 127.0.0.10 calls a PSTN number through the carrier trunk on 127.0.0.2 (SIPp on each side, UDP).
 * No header of any message the carrier receives names the agent's address, none the agent receives
 * names the carrier's; the first call is hung up by the carrier, the second by the agent after a
 * restart of Tandem on the same secret (its masked Route and Request-URI open with the key derived
 * from {@code config/secret} again).
 */
class TopologyHidingIT extends E2eFixture {
    private static final String AGENT_IP = "127.0.0.10";
    private static final int HOLD_MS = 8_000;
    /** SIPp's Call-ID without its default @[local_ip]: Call-IDs are not masked (see README). */
    private static final List<String> CALL_ID = List.of("-cid_str", "topoh-%u-%p");

    @Test
    void neitherSideSeesTheOthersAddressAndACallOutlivesARestart() throws Exception {
        int sipPort = Ports.free();
        int carrierPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, carrierPort);
        Path edgeport = config.resolve("edgeport.yaml");
        Files.writeString(edgeport, Files.readString(edgeport) + "  security:\n    topologyHiding: {enabled: true}\n");
        String http = freeHttp();
        TandemProcess first = tandem("tandem-first", "run", "--config", config.toString(), "--http", http, "--digest", "MD5",
            "--grace", "500");
        first.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        Map<String, String> agent = Map.of("USER", "1001", "PASSWORD", "pw-1001", "DOMAIN", DOMAIN, "HOLD_MS", Integer.toString(HOLD_MS));

        // 1. the carrier hangs up
        CarrierSipp carrier1 = closeAfter(CarrierSipp.start(dir, "carrier-hangs-up", "topoh-uas-hangup.xml", CARRIER_IP, carrierPort,
            null, "x", 1, Map.of()));
        diagnostic("carrier-hangs-up", carrier1::describe);
        CarrierSipp agent1 = closeAfter(CarrierSipp.start(dir, "agent-1", "topoh-agent-call-callee-hangs-up.xml", AGENT_IP,
            Ports.free(), edge, PSTN_NUMBER, 1, agent, CALL_ID));
        diagnostic("agent-1", agent1::describe);
        agent1.assertSuccess();
        carrier1.assertSuccess();

        // 2. the agent hangs up, after a restart
        CarrierSipp carrier2 = closeAfter(CarrierSipp.start(dir, "carrier-answers", "uas-answer.xml", CARRIER_IP, carrierPort, null,
            "x", 1, Map.of()));
        diagnostic("carrier-answers", carrier2::describe);
        CarrierSipp agent2 = closeAfter(CarrierSipp.start(dir, "agent-2", "topoh-agent-call.xml", AGENT_IP, Ports.free(), edge,
            PSTN_NUMBER, 1, agent, CALL_ID));
        diagnostic("agent-2", agent2::describe);
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received(carrier2, "ACK").isEmpty()) {
            assertThat(System.nanoTime()).as("the carrier got no ACK within 20 s").isLessThan(end);
            TandemProcess.sleep(100);
        }
        String before = first.get("/bans").body();
        first.sigterm();
        assertThat(first.awaitExit(Duration.ofSeconds(30))).isZero();
        TandemProcess second = tandem("tandem-second", "run", "--config", config.toString(), "--http", http, "--digest", "MD5");
        second.awaitReady(Duration.ofSeconds(60));
        agent2.assertSuccess();
        carrier2.assertSuccess();

        // every message each side received, head by head: only Tandem's address (127.0.0.1), never the other side's
        Pattern agentAddress = address(AGENT_IP);
        Pattern carrierAddress = address(CARRIER_IP);
        List<SipMessage> atCarrier = new ArrayList<>();
        atCarrier.addAll(receivedAll(carrier1));
        atCarrier.addAll(receivedAll(carrier2));
        List<SipMessage> atAgent = new ArrayList<>();
        atAgent.addAll(receivedAll(agent1));
        atAgent.addAll(receivedAll(agent2));
        assertThat(atCarrier).as("messages the carrier received").hasSizeGreaterThanOrEqualTo(5)
            .allSatisfy(m -> assertThat(head(m)).doesNotContainPattern(agentAddress).doesNotContain("127.0.0.10"));
        assertThat(atAgent).as("messages the agent received").hasSizeGreaterThanOrEqualTo(8)
            .allSatisfy(m -> assertThat(head(m)).doesNotContainPattern(carrierAddress));
        // the masked Contact and Record-Route name Tandem; one Via each (ours) on the requests each side got
        assertThat(received(carrier1, "INVITE").getFirst().contacts().getFirst().uri().toString())
            .matches("sip:tdh\\.[A-Za-z0-9_-]+@127\\.0\\.0\\.1:" + sipPort);
        assertThat(received(carrier2, "BYE")).as("the agent's BYE, sent after the restart").isNotEmpty()
            .allSatisfy(bye -> assertThat(bye.vias()).hasSize(1));
        assertThat(received(agent1, "BYE")).as("the carrier's BYE").isNotEmpty()
            .allSatisfy(bye -> assertThat(bye.vias()).hasSize(1));
        assertThat(statuses(agent2)).as("the agent's BYE answered after the restart").contains(200);
        assertThat(statuses(carrier1)).as("the carrier's BYE answered by the agent").contains(200);

        assertThat(before).containsPattern("tandem_security_topology_total\\{action=\"masked\"\\} [1-9]\\d*")
            .contains("tandem_security_topology_total{action=\"invalid\"} 0");
        String after = second.get("/bans").body();
        assertThat(after).as("the second process restored the BYE and masked its answer")
            .containsPattern("tandem_security_topology_total\\{action=\"restored\"\\} [1-9]\\d*")
            .containsPattern("tandem_security_topology_total\\{action=\"masked\"\\} [1-9]\\d*")
            .contains("tandem_security_topology_total{action=\"invalid\"} 0");
    }

    /** An IPv4 address not followed by another digit (127.0.0.1 is not 127.0.0.10). */
    private static Pattern address(String ip) {
        return Pattern.compile(Pattern.quote(ip) + "(?![0-9])");
    }

    private static String head(SipMessage m) {
        return m.toString();
    }

    private static List<SipMessage> receivedAll(CarrierSipp s) {
        return s.log().stream().filter(Sipp.Logged::received).map(Sipp.Logged::message).toList();
    }

    private static List<SipRequest> received(CarrierSipp s, String method) {
        return s.log().stream().filter(Sipp.Logged::received).map(Sipp.Logged::message)
            .filter(m -> m instanceof SipRequest r && r.method().name().equals(method)).map(m -> (SipRequest) m).toList();
    }

    private static List<Integer> statuses(CarrierSipp s) {
        return s.log().stream().filter(Sipp.Logged::received).map(Sipp.Logged::message)
            .filter(m -> m instanceof SipResponse).map(m -> ((SipResponse) m).status()).toList();
    }
}
