package io.tandem.connect.it;

import static io.tandem.connect.it.TrunkWorld.AGENT;
import static io.tandem.connect.it.TrunkWorld.CARRIER_HOST;
import static io.tandem.connect.it.TrunkWorld.MAIN;
import static io.tandem.connect.it.TrunkWorld.carrier;
import static io.tandem.connect.it.TrunkWorld.carrierRejected;
import static io.tandem.connect.it.TrunkWorld.finalResponse;
import static io.tandem.connect.it.TrunkWorld.invites;
import static io.tandem.connect.it.TrunkWorld.outbound;
import static io.tandem.connect.it.TrunkWorld.relayFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipRequest;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Trunk with neither an inbound ACL nor inbound credentials (TrunkWorld's trunk-carrier) is
 * admitted only from the addresses of its outbound URIs: naming its inbound URI from anywhere else
 * gets 403. Every SIPp runs on 127.0.0.1; a relay bound to {@link #ELSEWHERE} makes a carrier's
 * requests come from there (127.0.0.2 is trunk-other's by ACL).
 */
class TrunkSourceTest extends ConnectFixture {
    private static final InetAddress ELSEWHERE = InetAddress.ofLiteral("127.0.0.3");
    private static final String FORBIDDEN = "Forbidden (trunk has no ACL or credentials and the source is not one of its outbound URIs)";

    @AfterEach
    void closeRelays() {
        TrunkDigestRelay.closeAll();
    }

    /** trunk-carrier's outbound URI on {@code host}; Agent 1001 registered and answering on the returned run. */
    private Sipp.Run world(String host) throws Exception {
        TrunkWorld.write(this, List.of(outbound(host, Ports.free(), "udp", 0, 1, true)), "round-robin", false);
        start();
        int agentPort = Ports.free();
        TrunkWorld.registerAgent(this, agentPort);
        return sipp.uas("pstn-uas-answer.xml", agentPort).start();
    }

    @Test
    void aCarrierCallingFromAnAddressThatIsNoneOfTheTrunksOutboundUrisIsForbidden() throws Exception {
        Sipp.Run agent = world("127.0.0.1");
        int port = Ports.free();
        Sipp.Run carrier = carrier(this, "pstn-call-rejected.xml", port, relayFrom(this, ELSEWHERE, port), MAIN, CARRIER_HOST)
            .set("HEADER", "X-Carrier: test").set("STATUS", 403).start();
        carrier.assertSuccess();
        assertThat(finalResponse(carrier, 403).reason()).isEqualTo(FORBIDDEN);
        agent.kill();
        assertThat(agent.received("INVITE")).isEmpty();
    }

    @Test
    void theCallFromTheOutboundUrisAddressReachesTheAgentAndTheSameCallFromAnotherIsForbidden() throws Exception {
        Sipp.Run agent = world(ELSEWHERE.getHostAddress());
        // from 127.0.0.1, which is not the trunk's (the agents' and every SIPp's address)
        Sipp.Run foreign = carrierRejected(this, MAIN, CARRIER_HOST, 403).start();
        foreign.assertSuccess();
        assertThat(finalResponse(foreign, 403).reason()).isEqualTo(FORBIDDEN);
        // from 127.0.0.3, the host of its outbound URI
        int port = Ports.free();
        carrier(this, "pstn-call.xml", port, relayFrom(this, ELSEWHERE, port), MAIN, CARRIER_HOST)
            .set("HEADER", "X-Carrier: test").start().assertSuccess();
        agent.assertSuccess();

        List<SipRequest> invites = invites(agent);
        assertThat(invites).singleElement().satisfies(invite -> {
            assertThat(TrunkWorld.ruriUser(invite)).isEqualTo(AGENT);
            assertThat(invite.headers("X-Tenant")).containsExactly("acme");
            assertThat(invite.header("X-Carrier")).isEqualTo("test");
            // the carrier's Via, below ours, records where the request came from (RFC 3261 §18.2.1)
            assertThat(String.join(",", invite.headers("Via"))).contains("received=127.0.0.3");
        });
    }
}
