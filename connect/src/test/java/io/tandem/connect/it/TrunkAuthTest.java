package io.tandem.connect.it;

import static io.tandem.connect.it.TrunkWorld.AGENT;
import static io.tandem.connect.it.TrunkWorld.CARRIER_PASSWORD;
import static io.tandem.connect.it.TrunkWorld.CARRIER_USER;
import static io.tandem.connect.it.TrunkWorld.DOMAIN;
import static io.tandem.connect.it.TrunkWorld.PASSWORD;
import static io.tandem.connect.it.TrunkWorld.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.auth.DigestVerifier;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Agent → PSTN through a Trunk with {@code spec.outbound.credentialsRef}: the carrier's 407 is
 * answered with the trunk's credentials (RFC 3261 §22.3) and the call completes; the Agent sees
 * only Connect's own challenge and the carrier's 200.
 */
class TrunkAuthTest extends ConnectFixture {

    @AfterEach
    void closeRelays() {
        TrunkDigestRelay.closeAll();
    }

    @Test
    void theCarriersChallengeIsAnsweredWithTheTrunksOutboundCredentials() throws Exception {
        int agentPort = Ports.free();
        int carrierPort = Ports.free();
        TrunkWorld.write(this, List.of(outbound(carrierPort, "udp", 1, 1, true)), "round-robin", false, true);
        start();
        TrunkWorld.registerAgent(this, agentPort);
        Sipp.Run carrier = sipp.uas("pstn-uas-challenge.xml", carrierPort).start();
        Sipp.Run agent = sipp.uac("pstn-agent-call.xml", agentPort, TrunkWorld.agentRemote(this, agentPort))
            .service("+17065550123").set("USER", AGENT).set("PASSWORD", PASSWORD).set("DOMAIN", DOMAIN).start();
        agent.assertSuccess();
        carrier.assertSuccess();

        // the Agent saw Connect's challenge and the carrier's 200, never the carrier's 407
        assertThat(agent.receivedResponses()).extracting(SipResponse::status).filteredOn(s -> s >= 200)
            .containsOnly(407, 200);
        assertThat(agent.receivedResponses()).filteredOn(r -> r.status() == 407)
            .allSatisfy(r -> assertThat(r.header("Proxy-Authenticate")).doesNotContain("carrier.example"));

        Map<String, SipRequest> byBranch = new LinkedHashMap<>();
        for (SipRequest r : carrier.received("INVITE")) {
            byBranch.putIfAbsent(r.topVia().branch(), r);
        }
        List<SipRequest> invites = List.copyOf(byBranch.values());
        assertThat(invites).hasSize(2);
        SipRequest first = invites.get(0);
        SipRequest retry = invites.get(1);
        assertThat(first.header("Proxy-Authorization")).as("the agent's credentials stay here").isNull();
        assertThat(retry.cseq().sequence()).isEqualTo(first.cseq().sequence() + 1);
        assertThat(retry.callId()).isEqualTo(first.callId());
        assertThat(retry.requestUriText()).isEqualTo(first.requestUriText());
        assertThat(retry.proxyAuthorization()).hasSize(1);
        DigestCredentials c = (DigestCredentials) retry.proxyAuthorization().get(0);
        assertThat(c.username()).isEqualTo(CARRIER_USER);
        assertThat(c.realm()).isEqualTo("carrier.example");
        assertThat(c.algorithmName()).as("the first challenge we support").isEqualTo("SHA-256");
        assertThat(c.uri()).isEqualTo(retry.requestUriText());
        assertThat(DigestVerifier.verifyPassword(c, "INVITE", retry.body(), CARRIER_PASSWORD)).isTrue();
        assertThat(carrier.received("BYE")).hasSize(1);
    }
}
