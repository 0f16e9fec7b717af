package io.tandem.connect.it;

import static io.tandem.connect.it.TrunkWorld.AGENT;
import static io.tandem.connect.it.TrunkWorld.CARRIER_HOST;
import static io.tandem.connect.it.TrunkWorld.OTHER;
import static io.tandem.connect.it.TrunkWorld.OTHER_HOST;
import static io.tandem.connect.it.TrunkWorld.carrierRejected;
import static io.tandem.connect.it.TrunkWorld.finalResponse;
import static io.tandem.connect.it.TrunkWorld.outbound;
import static io.tandem.connect.it.TrunkWorld.ruri;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PSTN → Agent: the carrier (identified by the trunk's inbound URI in the Request-URI) calls a DID;
 * the Number, found whatever form the digits are dialed in, leads to its Agent's bindings, with the
 * Number's extra headers.
 */
class DidInboundTest extends ConnectFixture {

    @AfterEach
    void closeRelays() {
        TrunkDigestRelay.closeAll();
    }

    private void world() throws Exception {
        TrunkWorld.write(this, List.of(outbound(Ports.free(), "udp", 0, 1, true)), "round-robin", false);
        start();
    }

    @Test
    void everyDialedFormOfTheDidReachesTheRegisteredAgentWithTheNumbersExtraHeaders() throws Exception {
        world();
        int agentPort = Ports.free();
        List<String> dialed = List.of("+17066041487", "0017066041487", "17066041487", "7066041487", "+1-706-604-1487");
        List<SipRequest> invites = TrunkWorld.carrierCallsToAgent(this, agentPort, dialed);
        for (int i = 0; i < dialed.size(); i++) {
            SipRequest invite = invites.get(i);
            SipUri ruri = ruri(invite);
            // the Request-URI is the registered Contact (RFC 3261 §16.5); the To still shows what was dialed
            assertThat(ruri.user()).isEqualTo(AGENT);
            assertThat(ruri.host()).isEqualTo("127.0.0.1");
            assertThat(ruri.port()).isEqualTo(agentPort);
            assertThat(((SipUri) invite.to().uri()).userDecoded()).isEqualTo(dialed.get(i));
            assertThat(invite.headers("X-Tenant")).containsExactly("acme");
            assertThat(invite.headers("X-Did")).containsExactly("main");
            assertThat(invite.header("X-Carrier")).isEqualTo("test");
        }
    }

    @Test
    void anUnknownNumberIsNotFound() throws Exception {
        world();
        Sipp.Run carrier = carrierRejected(this, "+17060000000", CARRIER_HOST, 404).start();
        carrier.assertSuccess();
    }

    @Test
    void aNumberOfAnotherTrunkIsForbidden() throws Exception {
        world();
        int agentPort = Ports.free();
        TrunkWorld.registerAgent(this, agentPort);
        Sipp.Run agent = sipp.uas("pstn-uas-answer.xml", agentPort).start();
        Sipp.Run carrier = carrierRejected(this, OTHER, CARRIER_HOST, 403).start();
        carrier.assertSuccess();
        assertThat(finalResponse(carrier, 403).reason()).contains("not served by trunk trunk-carrier");
        agent.kill();
        assertThat(agent.received("INVITE")).isEmpty();
    }

    @Test
    void aTrunkSourceItsAccessControlListRefusesIsForbidden() throws Exception {
        world();
        // trunk-other takes calls from 127.0.0.2 only; this carrier is on 127.0.0.1
        Sipp.Run carrier = carrierRejected(this, OTHER, OTHER_HOST, 403).start();
        carrier.assertSuccess();
        assertThat(finalResponse(carrier, 403).reason()).contains("source address not allowed by trunk trunk-other");
    }

    @Test
    void aDidWhoseAgentIsNotRegisteredIsTemporarilyUnavailable() throws Exception {
        world();
        Sipp.Run carrier = carrierRejected(this, "+17066041487", CARRIER_HOST, 480).start();
        carrier.assertSuccess();
    }

    @Test
    void aNumberWithoutAorLinkIsNotFound() throws Exception {
        world();
        Sipp.Run carrier = carrierRejected(this, TrunkWorld.OUTBOUND_ONLY, CARRIER_HOST, 404).start();
        carrier.assertSuccess();
        assertThat(finalResponse(carrier, 404).reason()).contains("no aorLink");
    }
}
