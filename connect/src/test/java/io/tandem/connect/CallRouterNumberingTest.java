package io.tandem.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.location.MemoryLocationService;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Metadata;
import io.tandem.provisioning.Numbering;
import io.tandem.provisioning.PhoneNumber;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.provisioning.Resource;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which numbering plan CallRouter uses: the Domain's, the Trunk's inbound one, else the server's. */
class CallRouterNumberingTest {
    private static final Metadata M = new Metadata("m");
    private static final Numbering UK = new Numbering("44", List.of("00"), "0", 10);

    private final CallRouter router = new CallRouter(new MemoryLocationService(), NumberingPlan.NANP);

    private static Domain domain(Numbering n) {
        return new Domain("v2", "dom-1", M, new Domain.Spec(null, new Domain.Context("sip.test", null,
                List.of(new Domain.EgressPolicy("^\\+447", "num-out")), n)));
    }

    private static Trunk trunk(Numbering n) {
        return new Trunk("v2", "trunk-1", M, new Trunk.Spec(new Trunk.Inbound("in.test", null, null, n),
                new Trunk.Outbound(false, null, List.of(new Trunk.OutboundUri(
                        new Trunk.Uri(null, "carrier.test", 5060, Trunk.Transport.UDP), 0, 1, true)))));
    }

    private static final Agent ALICE = new Agent("v2", "agent-1", M,
            new Agent.Spec("1001", "dom-1", null, null, -1, null, true));

    private static PhoneNumber number(String ref, String telUrl) {
        return new PhoneNumber("v2", ref, M, new PhoneNumber.Spec("trunk-1",
                new PhoneNumber.Location(telUrl, "sip:1001@sip.test", null, List.of())));
    }

    private static ProvisioningSnapshot snapshot(Domain d, Trunk t) {
        List<Resource> all = new ArrayList<>(List.of(d, t, ALICE, number("num-out", "tel:+442071234567"),
                number("num-did", "tel:+442079460000")));
        return ProvisioningSnapshot.of(all);
    }

    private static MessageContext invite(String ruri) {
        return Requests.invite(ruri, "10.0.0.5");
    }

    private static Decision decide(java.util.concurrent.CompletionStage<Decision> d) {
        return d.toCompletableFuture().join();
    }

    /** A carrier's INVITE to {@code ruri}, resolved (the DID is looked up in the Trunk's plan) and routed once admitted. */
    private Decision fromPstn(String ruri, ProvisioningSnapshot p) {
        MessageContext ctx = invite(ruri);
        DirectionResolver.Routing r = new DirectionResolver(NumberingPlan.NANP)
                .resolve(ctx, p, (SipUri) ctx.request().from().uri(), (SipUri) ctx.request().requestUri());
        assertThat(r.direction()).isEqualTo(RoutingDirection.FROM_PSTN);
        return decide(router.fromPstn(ctx, p, r.trunk(), (PhoneNumber) r.callee()));
    }

    @Test
    void domainPlanMakesNationalDialingMatchAnE164EgressRule() {
        Domain d = domain(UK);
        Decision out = decide(router.agentToPstn(invite("sip:07911123456@sip.test"), snapshot(d, trunk(null)), ALICE, d));
        assertThat(out).isInstanceOfSatisfying(Decision.Forward.class, f -> {
            assertThat(f.fork()).isEqualTo(Decision.Fork.SERIAL);
            SipUri ruri = (SipUri) f.targets().get(0).requestUri();
            assertThat(ruri.userDecoded()).isEqualTo("+447911123456");
            assertThat(ruri.host()).isEqualTo("carrier.test");
        });
    }

    @Test
    void withoutADomainPlanTheGlobalOneIsUsed() {
        // NANP reads 07911123456 as +07911123456: the UK rule does not match
        Domain d = domain(null);
        Decision out = decide(router.agentToPstn(invite("sip:07911123456@sip.test"), snapshot(d, trunk(null)), ALICE, d));
        assertThat(out).isInstanceOfSatisfying(Decision.Respond.class, r -> assertThat(r.status()).isEqualTo(404));
        assertThat(router.planOf(d)).isSameAs(NumberingPlan.NANP);
    }

    @Test
    void trunkPlanNormalizesANationalDid() {
        Trunk t = trunk(UK);
        // the Number is found (its Agent is not registered: 480), not 404
        Decision out = fromPstn("sip:02079460000@in.test", snapshot(domain(null), t));
        assertThat(out).isInstanceOfSatisfying(Decision.Respond.class, r -> assertThat(r.status()).isEqualTo(480));
        assertThat(router.planOf(t).normalize("00442079460000")).isEqualTo("+442079460000");
    }

    @Test
    void withoutATrunkPlanANationalDidIsNotFound() {
        Trunk t = trunk(null);
        Decision out = fromPstn("sip:02079460000@in.test", snapshot(domain(null), t));
        assertThat(out).isInstanceOfSatisfying(Decision.Respond.class, r -> assertThat(r.status()).isEqualTo(404));
        // an E.164 DID is found whatever the plan
        Decision e164 = fromPstn("sip:+442079460000@in.test", snapshot(domain(null), t));
        assertThat(e164).isInstanceOfSatisfying(Decision.Respond.class, r -> assertThat(r.status()).isEqualTo(480));
    }

    @Test
    void planOfNumbering() {
        assertThat(NumberingPlan.of(UK)).isEqualTo(new NumberingPlan("44", List.of("00"), "0", 10));
        assertThat(NumberingPlan.of(null, NumberingPlan.NANP)).isSameAs(NumberingPlan.NANP);
        assertThat(NumberingPlan.of(UK).normalize("07911 123456")).isEqualTo("+447911123456");
        assertThat(NumberingPlan.of(new Numbering("1", null, null, 0)).normalize("0044 20 7946 0000")).isEqualTo("+442079460000");
    }
}
