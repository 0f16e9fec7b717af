package io.tandem.connect;

import static io.tandem.connect.RoutingDirection.AGENT_TO_AGENT;
import static io.tandem.connect.RoutingDirection.AGENT_TO_PEER;
import static io.tandem.connect.RoutingDirection.AGENT_TO_PSTN;
import static io.tandem.connect.RoutingDirection.FROM_PSTN;
import static io.tandem.connect.RoutingDirection.PEER_TO_AGENT;
import static io.tandem.connect.RoutingDirection.PEER_TO_PSTN;
import static io.tandem.connect.RoutingDirection.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connect.RoutingDirection.Party;
import io.tandem.location.MemoryLocationService;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.provisioning.AccessControlList;
import io.tandem.provisioning.Agent;
import io.tandem.config.Cidr;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Metadata;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.PhoneNumber;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.uri.SipUri;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The routing direction as Routr decides it, from the caller (From) and the callee (Request-URI),
 * never from the source address. The world is shaped like Routr's own {@code config/resources}:
 * one ACL (127.0.0.0/8) shared by Domain sip.local and trunk-01 (inbound trunk01.acme.com).
 */
class DirectionResolverTest {
    private static final Metadata M = new Metadata("m");
    private static final ProvisioningSnapshot WORLD = ProvisioningSnapshot.of(List.of(
        new AccessControlList("v2", "acl-01", M, new AccessControlList.Spec(
            new AccessControlList.Rules(List.of(Cidr.parse("127.0.0.1/8")), List.of(Cidr.parse("0.0.0.0/1"))))),
        new Domain("v2", "domain-01", M, new Domain.Spec("acl-01", new Domain.Context("sip.local", null,
            List.of(new Domain.EgressPolicy(".*", "number-01"))))),
        new Agent("v2", "agent-01", M, new Agent.Spec("1001", "domain-01", null, null, -1, null, true)),
        new Agent("v2", "agent-02", M, new Agent.Spec("1002", "domain-01", null, null, -1, null, true)),
        new Peer("v2", "peer-01", M, new Peer.Spec("asterisk", "sip:conference@sip.local", null, null, "acl-01", null, -1, null,
            true)),
        new Trunk("v2", "trunk-01", M, new Trunk.Spec(new Trunk.Inbound("trunk01.acme.com", "acl-01", null),
            new Trunk.Outbound(false, null, List.of(new Trunk.OutboundUri(
                new Trunk.Uri("pbx-1", "127.0.0.1", 7060, Trunk.Transport.UDP), 10, 10, true))))),
        new PhoneNumber("v2", "number-01", M, new PhoneNumber.Spec("trunk-01",
            new PhoneNumber.Location("tel:+17066041487", "sip:conference@sip.local", null, List.of())))));

    private final DirectionResolver resolver = new DirectionResolver(NumberingPlan.NANP);

    private static MessageContext invite(String from, String ruri) {
        return Requests.request("INVITE", ruri, from, ruri, "127.0.0.1");
    }

    private DirectionResolver.Routing resolve(String from, String ruri) {
        MessageContext ctx = invite(from, ruri);
        return resolver.resolve(ctx, WORLD, (SipUri) ctx.request().from().uri(), (SipUri) ctx.request().requestUri());
    }

    @Test
    void routrsTable() {
        assertThat(RoutingDirection.of(Party.AGENT, Party.AGENT)).isEqualTo(AGENT_TO_AGENT);
        assertThat(RoutingDirection.of(Party.AGENT, Party.NONE)).isEqualTo(AGENT_TO_PSTN);
        assertThat(RoutingDirection.of(Party.AGENT, Party.PEER)).isEqualTo(AGENT_TO_PEER);
        assertThat(RoutingDirection.of(Party.PEER, Party.AGENT)).isEqualTo(PEER_TO_AGENT);
        assertThat(RoutingDirection.of(Party.PEER, Party.NONE)).isEqualTo(PEER_TO_PSTN);
        // a Number callee is PSTN traffic whoever claims to call it
        for (Party caller : Party.values()) {
            assertThat(RoutingDirection.of(caller, Party.NUMBER)).isEqualTo(FROM_PSTN);
        }
        assertThat(RoutingDirection.of(Party.PEER, Party.PEER)).isEqualTo(UNKNOWN);
        assertThat(RoutingDirection.of(Party.NONE, Party.AGENT)).isEqualTo(UNKNOWN);
        assertThat(RoutingDirection.of(Party.NONE, Party.PEER)).isEqualTo(UNKNOWN);
        assertThat(RoutingDirection.of(Party.NONE, Party.NONE)).isEqualTo(UNKNOWN);
    }

    @Test
    void theCallerAndTheCalleeDecideTheDirection() {
        assertThat(resolve("sip:1001@sip.local", "sip:1002@sip.local").direction()).isEqualTo(AGENT_TO_AGENT);
        assertThat(resolve("sip:1001@sip.local", "sip:+33140000000@sip.local").direction()).isEqualTo(AGENT_TO_PSTN);
        assertThat(resolve("sip:1001@sip.local", "sip:conference@sip.local").direction()).isEqualTo(AGENT_TO_PEER);
        assertThat(resolve("sip:asterisk@sip.local", "sip:1001@sip.local").direction()).isEqualTo(PEER_TO_AGENT);
        assertThat(resolve("sip:asterisk@sip.local", "sip:+33140000000@sip.local").direction()).isEqualTo(PEER_TO_PSTN);
        assertThat(resolve("sip:+14045550000@gw.carrier.example", "sip:1001@sip.local").direction()).isEqualTo(UNKNOWN);
    }

    @Test
    void aDidIsFromThePstnWithTheTrunkOfTheInboundUriElseTheNumbersTrunk() {
        DirectionResolver.Routing viaInboundUri = resolve("sip:+14045550000@gw.carrier.example", "sip:7066041487@trunk01.acme.com");
        assertThat(viaInboundUri.direction()).isEqualTo(FROM_PSTN);
        assertThat(viaInboundUri.trunk().ref()).isEqualTo("trunk-01");
        assertThat(viaInboundUri.callee().ref()).isEqualTo("number-01");
        // sent to a Domain's name: the Number's Trunk decides whether the sender may
        DirectionResolver.Routing viaDomain = resolve("sip:+14045550000@gw.carrier.example", "sip:+17066041487@sip.local");
        assertThat(viaDomain.direction()).isEqualTo(FROM_PSTN);
        assertThat(viaDomain.trunk().ref()).isEqualTo("trunk-01");
        // any number at a Trunk's inbound URI is the Trunk's traffic (404 once admitted)
        DirectionResolver.Routing unknownNumber = resolve("sip:1001@sip.local", "sip:+17060000000@trunk01.acme.com");
        assertThat(unknownNumber.direction()).isEqualTo(FROM_PSTN);
        assertThat(unknownNumber.callee()).isNull();
    }

    @Test
    void anAgentFromAnAddressATrunksAclAdmitsIsChallengedNotTakenForTheTrunk() {
        ConnectProcessor connect = new ConnectProcessor(WORLD, new MemoryLocationService());
        Decision d = connect.process(invite("sip:1001@sip.local", "sip:1002@sip.local")).toCompletableFuture().join();
        assertThat(d).isInstanceOfSatisfying(Decision.Respond.class, r -> assertThat(r.status()).isEqualTo(407));
        Decision pstn = connect.process(invite("sip:1001@sip.local", "sip:+33140000000@sip.local")).toCompletableFuture().join();
        assertThat(pstn).isInstanceOfSatisfying(Decision.Respond.class, r -> assertThat(r.status()).isEqualTo(407));
    }

    @Test
    void aRequestNamingNothingOfOursIsForbidden() {
        ConnectProcessor connect = new ConnectProcessor(WORLD, new MemoryLocationService());
        Decision d = connect.process(invite("sip:alice@example.com", "sip:bob@example.net")).toCompletableFuture().join();
        assertThat(d).isInstanceOfSatisfying(Decision.Respond.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.reason()).isEqualTo("Forbidden (neither the caller nor the callee is provisioned here)");
        });
    }
}
