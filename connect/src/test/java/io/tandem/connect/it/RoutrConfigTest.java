package io.tandem.connect.it;

import static io.tandem.connect.it.TrunkWorld.fromUser;
import static io.tandem.connect.it.TrunkWorld.invites;
import static io.tandem.connect.it.TrunkWorld.ruri;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.location.MemoryLocationService;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routr's own {@code config/resources} (test data in routr-config/, see its README: only the
 * trunks' outbound host is made 127.0.0.1) route every direction. There, one ACL (127.0.0.0/8)
 * admits both the Domain's agents and trunk-01's carrier, and every SIPp runs on 127.0.0.1: what
 * a request names (From, Request-URI) decides its direction, as in Routr, not where it comes from.
 *
 * <p>sip.local: agents 1001 (Private) and 1002, password 1234; Peer asterisk (aor
 * sip:conference@sip.local, password 1234); trunk-01 (inbound trunk01.acme.com, outbound
 * 127.0.0.1:7060) with DIDs +17066041487 (the conference peer, and the Domain's caller ID for
 * ".*") and +19103434434 (agent 1001).
 */
class RoutrConfigTest extends ConnectFixture {
    private static final String DOMAIN = "sip.local";
    private static final String PASSWORD = "1234";
    private static final int CARRIER_PORT = 7060;
    private static final String CARRIER_PAI = "<sip:+14045550000@gw.carrier.example>";

    @BeforeEach
    void startWithRoutrsResources() throws Exception {
        for (String f : List.of("acl", "agents", "credentials", "domains", "numbers", "peers", "trunks")) {
            try (InputStream in = getClass().getResourceAsStream("/routr-config/resources/" + f + ".yaml")) {
                resource(f + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        start(new MemoryLocationService(), RegistrarCases.MD5_ONLY);
    }

    /** {@code user} (Agent or Peer) registers from 127.0.0.1:{@code port}, then its SIPp answers there. */
    private Sipp.Run answering(String user, int port) throws IOException {
        try (RegClient c = RegClient.udp(address(Transport.UDP), port)) {
            SipResponse ok = c.registerWithDigest(user, PASSWORD, "sip:" + user + "@127.0.0.1:" + port, 600);
            assertThat(ok.status()).as("registration of %s", user).isEqualTo(200);
        }
        return sipp.uas("pstn-uas-answer.xml", port).start();
    }

    private Sipp.Builder carrierCalls(String did) {
        return sipp.uac("pstn-call.xml", Ports.free(), address(Transport.UDP)).service(did)
            .set("FROM_USER", "+14045550000").set("FROM_HOST", "gw.carrier.example").set("HOST", "trunk01.acme.com")
            .set("HEADER", "P-Asserted-Identity: " + CARRIER_PAI);
    }

    private static List<Integer> finalStatuses(Sipp.Run run) {
        return run.receivedResponses().stream().map(SipResponse::status).filter(s -> s >= 200).distinct().toList();
    }

    @Test
    void agentToAgentIsChallengedAndConnectedWithoutAssertingThePrivateCaller() throws Exception {
        int calleePort = Ports.free();
        try (RegClient c = RegClient.udp(address(Transport.UDP), calleePort)) {
            assertThat(c.registerWithDigest("1002", PASSWORD, "sip:1002@127.0.0.1:" + calleePort, 600).status()).isEqualTo(200);
        }
        Sipp.Run callee = sipp.uas("call-uas.xml", calleePort).set("CALLEE", "1002").start();
        Sipp.Run caller = sipp.uac("call-uac.xml", Ports.free(), address(Transport.UDP))
            .set("USER", "1001").set("PASSWORD", PASSWORD).set("DOMAIN", DOMAIN).set("CALLEE", "1002").start();
        caller.assertSuccess();
        callee.assertSuccess();
        assertThat(finalStatuses(caller)).containsExactly(407, 200);
        SipRequest invite = invites(callee).get(0);
        assertThat(invite.requestUri().toString()).isEqualTo("sip:1002@127.0.0.1:" + calleePort);
        assertThat(invite.headers("P-Asserted-Identity")).as("1001 is Private; an agent is not trusted").isEmpty();
    }

    @Test
    void agentToPstnLeavesThroughTheTrunkWithTheDomainsCallerId() throws Exception {
        Sipp.Run carrier = sipp.uas("pstn-uas-answer.xml", CARRIER_PORT).start();
        Sipp.Run agent = sipp.uac("pstn-agent-call.xml", Ports.free(), address(Transport.UDP)).service("+17065550123")
            .set("USER", "1002").set("PASSWORD", PASSWORD).set("DOMAIN", DOMAIN).start();
        agent.assertSuccess();
        carrier.assertSuccess();
        assertThat(finalStatuses(agent)).containsExactly(407, 200);
        SipRequest invite = invites(carrier).get(0);
        assertThat(ruri(invite).userDecoded()).isEqualTo("+17065550123");
        assertThat(ruri(invite).port()).isEqualTo(CARRIER_PORT);
        assertThat(fromUser(invite)).isEqualTo("+17066041487");
        assertThat(invite.headers("P-Asserted-Identity")).containsExactly("<sip:+17066041487@127.0.0.1>");
        assertThat(invite.header("Proxy-Authorization")).isNull();
    }

    /** The carrier calls {@code did}; {@code user} (registered from its own port) answers: the INVITE it took. */
    private SipRequest didCall(String did, String user) throws IOException {
        int port = Ports.free();
        Sipp.Run callee = answering(user, port);
        carrierCalls(did).start().assertSuccess();
        callee.assertSuccess();
        SipRequest invite = invites(callee).get(0);
        assertThat(ruri(invite).user()).isEqualTo(user);
        assertThat(ruri(invite).port()).isEqualTo(port);
        return invite;
    }

    @Test
    void aDidFromTheTrunkReachesItsAgentWithTheCarriersAssertion() throws Exception {
        SipRequest invite = didCall("+19103434434", "1001");
        assertThat(invite.headers("P-Asserted-Identity")).containsExactly(CARRIER_PAI);
    }

    @Test
    void aDidFromTheTrunkReachesThePeerWithTheNumbersExtraHeader() throws Exception {
        SipRequest invite = didCall("+17066041487", "asterisk");
        assertThat(invite.headers("X-Room-Id")).containsExactly("jsa-shqm-iyo");
        assertThat(invite.headers("P-Asserted-Identity")).containsExactly(CARRIER_PAI);
    }

    @Test
    void peerToPstnLeavesThroughTheTrunkOfItsDodNumber() throws Exception {
        Sipp.Run carrier = sipp.uas("pstn-uas-answer.xml", CARRIER_PORT).start();
        Sipp.Run peer = sipp.uac("pstn-auth-call-header.xml", Ports.free(), address(Transport.UDP)).service("+33140000000")
            .set("USER", "asterisk").set("PASSWORD", PASSWORD).set("DOMAIN", DOMAIN).set("HEADER", "X-DOD-Number: +17066041487")
            .start();
        peer.assertSuccess();
        carrier.assertSuccess();
        assertThat(finalStatuses(peer)).containsExactly(407, 200);
        SipRequest invite = invites(carrier).get(0);
        assertThat(ruri(invite).userDecoded()).isEqualTo("+33140000000");
        assertThat(fromUser(invite)).isEqualTo("+17066041487");
        assertThat(invite.headers("P-Asserted-Identity")).containsExactly("<sip:+17066041487@127.0.0.1>");
    }
}
