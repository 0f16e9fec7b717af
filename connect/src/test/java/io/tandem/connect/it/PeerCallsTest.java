package io.tandem.connect.it;

import static io.tandem.connect.it.TrunkWorld.AGENT;
import static io.tandem.connect.it.TrunkWorld.DOMAIN;
import static io.tandem.connect.it.TrunkWorld.MAIN;
import static io.tandem.connect.it.TrunkWorld.NO_TRUNK_URIS;
import static io.tandem.connect.it.TrunkWorld.PEER;
import static io.tandem.connect.it.TrunkWorld.finalResponse;
import static io.tandem.connect.it.TrunkWorld.fromUser;
import static io.tandem.connect.it.TrunkWorld.invites;
import static io.tandem.connect.it.TrunkWorld.outbound;
import static io.tandem.connect.it.TrunkWorld.ruri;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.location.Route;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls from a Peer (identified by its From user, admitted by its ACL): to an Agent of the domain,
 * or to the PSTN with the caller ID named by X-DOD-Number (a Number, whose Trunk carries the call).
 */
class PeerCallsTest extends ConnectFixture {
    private int gatewayPort;

    @AfterEach
    void closeRelays() {
        TrunkDigestRelay.closeAll();
    }

    private void world() throws Exception {
        gatewayPort = Ports.free();
        TrunkWorld.write(this, List.of(outbound(gatewayPort, "udp", 0, 1, true)), "round-robin", false);
        start();
    }

    private Sipp.Builder peerCall(String dialed, String header) {
        return sipp.uac("pstn-call.xml", Ports.free(), address(Transport.UDP)).service(dialed)
            .set("FROM_USER", PEER).set("FROM_HOST", DOMAIN).set("HOST", DOMAIN).set("HEADER", header);
    }

    private Sipp.Builder peerRejected(String dialed, String header, int status) {
        return sipp.uac("pstn-call-rejected.xml", Ports.free(), address(Transport.UDP)).service(dialed)
            .set("FROM_USER", PEER).set("FROM_HOST", DOMAIN).set("HOST", DOMAIN).set("HEADER", header).set("STATUS", status);
    }

    @Test
    void aPeerCallsARegisteredAgent() throws Exception {
        world();
        int agentPort = Ports.free();
        TrunkWorld.registerAgent(this, agentPort);
        Sipp.Run agent = sipp.uas("pstn-uas-answer.xml", agentPort).start();
        peerCall(AGENT, "X-Peer: test").start().assertSuccess();
        agent.assertSuccess();

        SipRequest invite = invites(agent).get(0);
        assertThat(ruri(invite).user()).isEqualTo(AGENT);
        assertThat(ruri(invite).port()).isEqualTo(agentPort);
        assertThat(fromUser(invite)).as("a call between Agent and Peer keeps its From").isEqualTo(PEER);
        assertThat(invite.header("X-Peer")).isEqualTo("test");
    }

    @Test
    void aPeerCallsThePstnWithTheCallerIdOfXDodNumber() throws Exception {
        world();
        Sipp.Run gateway = sipp.uas("pstn-uas-answer.xml", gatewayPort).calls(2).start();
        // the DOD number in national form, then as a tel URI: both are the Number +17066041487
        peerCall("0033140000000", "X-DOD-Number: 706-604-1487").start().assertSuccess();
        peerCall("+33140000000", "X-DOD-Number: tel:" + MAIN).start().assertSuccess();
        gateway.assertSuccess();

        assertThat(invites(gateway)).hasSize(2).allSatisfy(invite -> {
            assertThat(ruri(invite).userDecoded()).isEqualTo("+33140000000");
            assertThat(ruri(invite).host()).isEqualTo("127.0.0.1");
            assertThat(ruri(invite).port()).isEqualTo(gatewayPort);
            assertThat(fromUser(invite)).isEqualTo(MAIN);
            assertThat(invite.headers("P-Asserted-Identity")).containsExactly("<sip:" + MAIN + "@127.0.0.1>");
        });
    }

    @Test
    void withoutXDodNumberTheCallIsABadRequest() throws Exception {
        world();
        Sipp.Run gateway = sipp.uas("pstn-uas-answer.xml", gatewayPort).start();
        Sipp.Run peer = peerRejected("+33140000000", "X-Peer: test", 400).start();
        peer.assertSuccess();
        assertThat(finalResponse(peer, 400).reason()).contains("X-DOD-Number");
        gateway.kill();
        assertThat(gateway.received("INVITE")).isEmpty();
    }

    @Test
    void anUnknownXDodNumberIsNotFound() throws Exception {
        world();
        Sipp.Run gateway = sipp.uas("pstn-uas-answer.xml", gatewayPort).start();
        Sipp.Run peer = peerRejected("+33140000000", "X-DOD-Number: +17069999999", 404).start();
        peer.assertSuccess();
        assertThat(finalResponse(peer, 404).reason()).contains("+17069999999");
        gateway.kill();
        assertThat(gateway.received("INVITE")).isEmpty();
    }

    @Test
    void aDodNumberWhoseTrunkHasNoOutboundUriIsUnavailable() throws Exception {
        world();
        Sipp.Run peer = peerRejected("+33140000000", "X-DOD-Number: " + NO_TRUNK_URIS, 503).start();
        peer.assertSuccess();
    }

    @Test
    void aPeerCallingAnAgentThatIsNotRegisteredGets480() throws Exception {
        world();
        peerRejected(AGENT, "X-Peer: test", 480).start().assertSuccess();
    }

    @Test
    void aPeerOutsideItsAccessControlListCannotRegisterNorCall() throws Exception {
        world();
        // Peer "farpeer" is admitted from 127.0.0.2 only
        sipp.uac("peer-register.xml", Ports.free(), address(Transport.UDP))
            .set("USER", "farpeer").set("DOMAIN", DOMAIN).set("SESSIONS", 0).set("EXPECT", 403).start().assertSuccess();
        Sipp.Run call = sipp.uac("pstn-call-rejected.xml", Ports.free(), address(Transport.UDP)).service(AGENT)
            .set("FROM_USER", "farpeer").set("FROM_HOST", DOMAIN).set("HOST", DOMAIN).set("HEADER", "X-Peer: test")
            .set("STATUS", 403).start();
        call.assertSuccess();
        assertThat(finalResponse(call, 403).reason()).contains("access control list");
    }

    @Test
    void aPeerWithCredentialsRegistersUnderItsAorWithDigest() throws Exception {
        world();
        int port = Ports.free();
        sipp.uac("pstn-register.xml", port, TrunkWorld.agentRemote(this, port)).name("peer-digest-register-" + port)
            .set("USER", "mediasrv").set("PASSWORD", TrunkWorld.PASSWORD).set("DOMAIN", DOMAIN).start().assertSuccess();
        List<Route> routes = location.findRoutes("backend:media").toCompletableFuture().get();
        assertThat(routes).singleElement().satisfies(r -> {
            assertThat(r.contactUri()).isEqualTo("sip:mediasrv@127.0.0.1:" + port + ";transport=UDP");
            assertThat(r.expires()).isEqualTo(300);
        });
    }
}
