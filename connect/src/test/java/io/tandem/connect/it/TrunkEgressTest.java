package io.tandem.connect.it;

import static io.tandem.connect.it.TrunkWorld.AGENT;
import static io.tandem.connect.it.TrunkWorld.DOMAIN;
import static io.tandem.connect.it.TrunkWorld.MAIN;
import static io.tandem.connect.it.TrunkWorld.PASSWORD;
import static io.tandem.connect.it.TrunkWorld.finalResponse;
import static io.tandem.connect.it.TrunkWorld.fromUser;
import static io.tandem.connect.it.TrunkWorld.invites;
import static io.tandem.connect.it.TrunkWorld.outbound;
import static io.tandem.connect.it.TrunkWorld.ruri;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Agent → PSTN: the Domain's egress policy picks the Number (the caller ID) whose Trunk's outbound
 * URIs are tried in series by priority; a transport error, a 5xx or a timeout moves on to the
 * next URI, and a disabled URI is never tried.
 */
class TrunkEgressTest extends ConnectFixture {

    @AfterEach
    void closeRelays() {
        TrunkDigestRelay.closeAll();
    }

    private Sipp.Builder agentCall(int port, String dialed) throws IOException {
        return agentCall(port, AGENT, dialed);
    }

    private Sipp.Builder agentCall(int port, String user, String dialed) throws IOException {
        return sipp.uac("pstn-agent-call.xml", port, TrunkWorld.agentRemote(this, port)).service(dialed)
            .set("USER", user).set("PASSWORD", PASSWORD).set("DOMAIN", DOMAIN);
    }

    private Sipp.Builder agentRejected(int port, String dialed, int status) throws IOException {
        return sipp.uac("pstn-agent-rejected.xml", port, TrunkWorld.agentRemote(this, port)).service(dialed)
            .set("USER", AGENT).set("PASSWORD", PASSWORD).set("DOMAIN", DOMAIN).set("STATUS", status);
    }

    @Test
    void failsOverPastATcpTransportErrorAndA503ToTheNextGatewayWithTheCallerIdAsserted() throws Exception {
        int agentPort = Ports.free();
        int disabledPort = Ports.free();
        int deadTcpPort = Ports.free();
        int failingPort = Ports.free();
        int answeringPort = Ports.free();
        TrunkWorld.write(this, List.of(
            outbound(answeringPort, "udp", 3, 1, true),
            outbound(disabledPort, "udp", 0, 100, false),
            outbound(failingPort, "udp", 2, 1, true),
            outbound(deadTcpPort, "tcp", 1, 1, true)), "round-robin", false);
        start();
        TrunkWorld.registerAgent(this, agentPort);
        // the EdgePort says (at DEBUG) which branch found no destination: the TCP URI, refused
        Logger proxyLog = (Logger) LoggerFactory.getLogger("io.tandem.edgeport.proxy.ForwardingPort");
        Level level = proxyLog.getLevel();
        ListAppender<ILoggingEvent> proxyEvents = new ListAppender<>();
        proxyEvents.start();
        proxyLog.addAppender(proxyEvents);
        proxyLog.setLevel(Level.DEBUG);
        Sipp.Run disabled = sipp.uas("pstn-uas-answer.xml", disabledPort).start();
        Sipp.Run failing = sipp.uas("pstn-uas-reject.xml", failingPort).set("STATUS", 503).set("REASON", "Service Unavailable").start();
        Sipp.Run answering = sipp.uas("pstn-uas-answer.xml", answeringPort).start();

        // dialed in international form with the 00 prefix: normalized to E.164 for the rule and the carrier
        Sipp.Run agent = agentCall(agentPort, "0017065550123").start();
        agent.assertSuccess();
        failing.assertSuccess();
        answering.assertSuccess();
        disabled.kill();
        proxyLog.detachAppender(proxyEvents);
        proxyLog.setLevel(level);

        assertThat(proxyEvents.list).extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy(m -> assertThat(m).contains("no route for branch sip:+17065550123@127.0.0.1:" + deadTcpPort + ";transport=tcp"));
        // the caller saw the challenge and then the gateway's 200, never the 503 of the first gateway
        assertThat(agent.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200)
            .containsOnly(407, 200);
        assertThat(disabled.received("INVITE")).as("a disabled URI is never tried").isEmpty();
        assertThat(invites(failing)).hasSize(1);
        assertThat(failing.received("ACK")).as("the hop-by-hop ACK").isNotEmpty();
        for (Sipp.Run gateway : List.of(failing, answering)) {
            SipRequest invite = invites(gateway).get(0);
            SipUri ruri = ruri(invite);
            assertThat(ruri.userDecoded()).as("the called number in E.164").isEqualTo("+17065550123");
            assertThat(ruri.host()).isEqualTo("127.0.0.1");
            assertThat(ruri.port()).isEqualTo(gateway == failing ? failingPort : answeringPort);
            assertThat(fromUser(invite)).as("the caller ID is the Number of the egress policy").isEqualTo(MAIN);
            assertThat(invite.from().tag()).as("the From tag is kept").isEqualTo(invites(answering).get(0).from().tag());
            assertThat(invite.headers("P-Asserted-Identity")).containsExactly("<sip:" + MAIN + "@127.0.0.1>");
            assertThat(invite.header("Proxy-Authorization")).as("the agent's credentials stay here").isNull();
        }
        assertThat(answering.received("BYE")).hasSize(1);
    }

    @Test
    void failsOverFromASilentGatewayAfterTimerB() throws Exception {
        int agentPort = Ports.free();
        int silentPort = Ports.free();
        int answeringPort = Ports.free();
        TrunkWorld.write(this, List.of(
            outbound(silentPort, "udp", 10, 1, true),
            outbound(answeringPort, "udp", 20, 1, true)), "round-robin", false);
        start();
        TrunkWorld.registerAgent(this, agentPort);
        // timer B = 64·T1 = 3.2 s with the fixture's T1 of 50 ms
        Sipp.Run silent = sipp.uas("pstn-uas-silent.xml", silentPort).set("HOLD_MS", 3600).start();
        Sipp.Run answering = sipp.uas("pstn-uas-answer.xml", answeringPort).start();

        long t0 = System.nanoTime();
        // national form: 10 digits
        Sipp.Run agent = agentCall(agentPort, "7065550123").timeout(Duration.ofSeconds(12)).start();
        agent.assertSuccess();
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        answering.assertSuccess();
        silent.assertSuccess();

        assertThat(elapsedMs).as("the second gateway is tried only when timer B fires").isGreaterThan(64 * FAST.t1() - 200);
        assertThat(silent.received("INVITE").size()).as("retransmitted until timer B").isGreaterThanOrEqualTo(3);
        SipRequest invite = invites(answering).get(0);
        assertThat(ruri(invite).userDecoded()).isEqualTo("+17065550123");
        assertThat(ruri(invite).port()).isEqualTo(answeringPort);
        assertThat(fromUser(invite)).isEqualTo(MAIN);
        assertThat(agent.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200)
            .containsOnly(407, 200);
    }

    @Test
    void aNumberNoEgressRuleMatchesIsNotFound() throws Exception {
        int agentPort = Ports.free();
        int gatewayPort = Ports.free();
        TrunkWorld.write(this, List.of(outbound(gatewayPort, "udp", 0, 1, true)), "round-robin", false);
        start();
        Sipp.Run gateway = sipp.uas("pstn-uas-answer.xml", gatewayPort).start();
        Sipp.Run agent = agentRejected(agentPort, "+33140000000", 404).start();
        agent.assertSuccess();
        gateway.kill();
        assertThat(gateway.received("INVITE")).isEmpty();
    }

    @Test
    void aTrunkWithoutOutboundUrisAnswers503() throws Exception {
        int agentPort = Ports.free();
        TrunkWorld.write(this, List.of(outbound(Ports.free(), "udp", 0, 1, true)), "round-robin", false);
        start();
        Sipp.Run agent = agentRejected(agentPort, "+442079460000", 503).start();
        agent.assertSuccess();
        assertThat(finalResponse(agent, 503).reason()).contains("trunk-other");
    }

    @Test
    void aTrunkWhoseOnlyUriIsDisabledIsNeverTried() throws Exception {
        int agentPort = Ports.free();
        int disabledPort = Ports.free();
        TrunkWorld.write(this, List.of(outbound(disabledPort, "udp", 0, 1, false)), "round-robin", false);
        start();
        Sipp.Run disabled = sipp.uas("pstn-uas-answer.xml", disabledPort).start();
        Sipp.Run agent = agentRejected(agentPort, "+17065550123", 503).start();
        agent.assertSuccess();
        disabled.kill();
        assertThat(disabled.received("INVITE")).isEmpty();
        assertThat(finalResponse(agent, 503).reason()).contains("no enabled outbound URI");
    }

    @Test
    void thePolicyOfferedFirstWinsWhicheverFormOfTheNumberItMatches() throws Exception {
        // "^\+1706" (first) matches the E.164 form of 0017065550123, "^00" (third) its dialed form
        int agentPort = Ports.free();
        int gatewayPort = Ports.free();
        TrunkWorld.write(this, List.of(outbound(gatewayPort, "udp", 0, 1, true)), "round-robin", false);
        start();
        Sipp.Run gateway = sipp.uas("pstn-uas-answer.xml", gatewayPort).start();
        agentCall(agentPort, "0017065550123").start().assertSuccess();
        gateway.assertSuccess();
        SipRequest invite = invites(gateway).get(0);
        assertThat(ruri(invite).userDecoded()).isEqualTo("+17065550123");
        assertThat(fromUser(invite)).isEqualTo(MAIN);
    }

    @Test
    void aPrivateAgentsCallLeavesWithTheCallerIdMarkedPrivate() throws Exception {
        int agentPort = Ports.free();
        int gatewayPort = Ports.free();
        TrunkWorld.write(this, List.of(outbound(gatewayPort, "udp", 0, 1, true)), "round-robin", false);
        start();
        Sipp.Run gateway = sipp.uas("pstn-uas-answer.xml", gatewayPort).start();
        agentCall(agentPort, TrunkWorld.PRIVATE_AGENT, "+17065550123").start().assertSuccess();
        gateway.assertSuccess();
        SipRequest invite = invites(gateway).get(0);
        // RFC 3325 §7 / RFC 3323 §4.2: asserted for the carrier, not to be shown to the callee
        assertThat(invite.headers("Privacy")).containsExactly("id");
        assertThat(invite.headers("P-Asserted-Identity")).containsExactly("<sip:" + MAIN + "@127.0.0.1>");
        assertThat(fromUser(invite)).isEqualTo(MAIN);
    }
}
