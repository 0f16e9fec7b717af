package io.tandem.connect;

import io.tandem.location.Backend;
import io.tandem.location.LocationService;
import io.tandem.location.Route;
import io.tandem.processor.Decision;
import io.tandem.processor.DigestSecret;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Target;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Credentials;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.PhoneNumber;
import io.tandem.provisioning.Provisioning;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where an admitted request goes, one method per {@link RoutingDirection}: to a registered Agent
 * (all its bindings in parallel), to the PSTN through a Trunk (its outbound URIs in series, for
 * failover), or from a Trunk's DID to an Agent or a pool of Peers (balanced by the Location service).
 */
final class CallRouter {
    /**
     * Credentials this server has consumed (RFC 3261 §22.3, §20.28: a Proxy-Authorization value
     * is for the proxy of its realm): not sent on, so that neither a callee nor a carrier sees the
     * digest of an Agent, a Peer or a Trunk.
     */
    private static final List<String> CONSUMED = List.of("Proxy-Authorization");

    private final LocationService location;
    /** The server's plan ({@code ConnectSettings.numbering()}): for Peers, and Domains and Trunks without their own. */
    private final NumberingPlan numbering;

    CallRouter(LocationService location, NumberingPlan numbering) {
        this.location = location;
        this.numbering = numbering;
    }

    /** AGENT_TO_AGENT: the callee's bindings, all at once; 480 when it is disabled or has none. */
    CompletionStage<Decision> agentToAgent(Agent callee, Domain calleeDomain) {
        if (!callee.spec().enabled()) {
            return done(Answers.respond(480, "Temporarily Unavailable"));
        }
        return toAor(aorOf(callee, calleeDomain), AssertedIdentity.agentToAgent());
    }

    /** AGENT_TO_PEER: one of the Peer's registered contacts, chosen by its load balancing. */
    CompletionStage<Decision> agentToPeer(MessageContext ctx, Agent caller, Domain domain, Peer callee) {
        return toPeer(callee, ctx.request().callId(), AssertedIdentity.agentToPeer(ctx.request(), caller, domain));
    }

    /** AGENT_TO_PSTN: the first egress policy of the caller's Domain that matches, through its Number's Trunk; else 404. */
    CompletionStage<Decision> agentToPstn(MessageContext ctx, Provisioning p, Agent caller, Domain domain) {
        SipRequest req = ctx.request();
        String user = ((SipUri) req.requestUri()).userDecoded();
        String e164 = planOf(domain).normalize(user);
        Domain.EgressPolicy policy = egressPolicy(domain, user, e164);
        if (policy == null) {
            return done(Answers.respond(404, "Not Found"));
        }
        PhoneNumber callerId = p.number(policy.numberRef());
        Trunk trunk = callerId == null ? null : p.trunk(callerId.trunkRef());
        if (trunk == null) {
            return done(Answers.respond(503, "Service Unavailable (egress policy " + policy.rule() + " has no usable trunk)"));
        }
        boolean hidden = caller.spec().privacy() == Agent.Privacy.PRIVATE;
        return toTrunk(p, req, trunk, e164 != null ? e164 : user, callerId, hidden, AssertedIdentity.FROM_UNTRUSTED);
    }

    /**
     * The first of the Domain's egress policies, in document order, whose rule matches the number
     * as dialed or in E.164 (so that {@code 00 1 706…}, {@code 1706…} and {@code +1706…} take the
     * same policy, and a rule written for the dialed digits, Routr's way, still works); null if none.
     */
    static Domain.EgressPolicy egressPolicy(Domain domain, String dialed, String e164) {
        if (dialed == null) {
            return null;
        }
        for (Domain.EgressPolicy policy : domain.egressPolicies()) {
            if (policy.matches(dialed) || (e164 != null && policy.matches(e164))) {
                return policy;
            }
        }
        return null;
    }

    /** PEER_TO_AGENT: the Agent's bindings, all at once. */
    CompletionStage<Decision> peerToAgent(MessageContext ctx, Agent callee, Domain calleeDomain) {
        return toAor(aorOf(callee, calleeDomain), AssertedIdentity.trustedToAgent(ctx.request()));
    }

    /** PEER_TO_PSTN: through the Trunk of the Number named by X-DOD-Number, which is also the caller ID. */
    CompletionStage<Decision> peerToPstn(MessageContext ctx, Provisioning p) {
        SipRequest req = ctx.request();
        SipUri ruri = (SipUri) req.requestUri();
        String dod = req.header("X-DOD-Number");
        if (dod == null) {
            return done(Answers.respond(400, "Bad Request (X-DOD-Number is required to call the PSTN)"));
        }
        String dodNumber = dod.strip();
        if (dodNumber.regionMatches(true, 0, "tel:", 0, 4)) {
            dodNumber = dodNumber.substring(4);
        }
        String dodE164 = numbering.normalize(dodNumber);
        PhoneNumber callerId = dodE164 == null ? null : p.findNumberByTelUrl(dodE164);
        if (callerId == null) {
            return done(Answers.respond(404, "Not Found (unknown X-DOD-Number " + dod + ")"));
        }
        Trunk trunk = p.trunk(callerId.trunkRef());
        if (trunk == null) {
            return done(Answers.respond(503, "Service Unavailable (number " + callerId.ref() + " has no trunk)"));
        }
        String e164 = numbering.normalize(ruri.userDecoded());
        // a Peer is trusted: only its own assertion is replaced by the caller ID
        return toTrunk(p, req, trunk, e164 != null ? e164 : ruri.userDecoded(), callerId, false, List.of(AssertedIdentity.PAI));
    }

    /**
     * FROM_PSTN, once {@code trunk} has admitted the sender: the {@code number} dialed (null when
     * no Number of ours) leads to its aorLink, an Agent or a pool of Peers.
     */
    CompletionStage<Decision> fromPstn(MessageContext ctx, Provisioning p, Trunk trunk, PhoneNumber number) {
        SipRequest req = ctx.request();
        if (number == null) {
            return done(Answers.respond(404, "Not Found"));
        }
        if (!trunk.ref().equals(number.trunkRef())) {
            return done(Answers.forbidden("number " + number.number() + " is not served by trunk " + trunk.ref()));
        }
        List<Header> extra = new ArrayList<>();
        if (number.spec().location().extraHeaders() != null) {
            for (PhoneNumber.Header h : number.spec().location().extraHeaders()) {
                extra.add(new Header(h.name(), h.value()));
            }
        }
        String aorLink = number.aorLink();
        if (aorLink == null) {
            return done(Answers.respond(404, "Not Found (number " + number.number() + " has no aorLink)"));
        }
        Peer peer = p.findPeerByAor(aorLink);
        if (peer != null) {
            String header = number.spec().location().sessionAffinityHeader();
            String key = header != null && req.header(header) != null ? req.header(header) : req.callId();
            return toPeer(peer, key, new AssertedIdentity.Edit(extra, List.of()));
        }
        return toAor(aorLink, AssertedIdentity.trustedToAgent(req).plus(extra, List.of()));
    }

    /** The Domain's {@code spec.context.numbering}, else the server's plan: for calls from the Domain's Agents. */
    NumberingPlan planOf(Domain domain) {
        return NumberingPlan.of(domain.numbering(), numbering);
    }

    /** The Trunk's {@code spec.inbound.numbering}, else the server's plan: for DIDs arriving from the Trunk. */
    NumberingPlan planOf(Trunk trunk) {
        return NumberingPlan.of(trunk.inboundNumbering(), numbering);
    }

    private CompletionStage<Decision> toAor(String aor, AssertedIdentity.Edit edit) {
        return location.findRoutes(aor).thenApply(routes -> routes.isEmpty()
            ? Answers.respond(480, "Temporarily Unavailable")
            : forward(Targets.of(routes), edit));
    }

    private CompletionStage<Decision> toPeer(Peer peer, String affinityKey, AssertedIdentity.Edit edit) {
        Peer.LoadBalancing lb = peer.spec().loadBalancing();
        Backend backend = new Backend(lb.algorithm() == Peer.BalancingAlgorithm.LEAST_SESSIONS
            ? Backend.BalancingAlgorithm.LEAST_SESSIONS : Backend.BalancingAlgorithm.ROUND_ROBIN, lb.withSessionAffinity());
        return location.findRoutes(peer.aor(), backend, affinityKey).thenApply(routes -> routes.isEmpty()
            ? Answers.respond(480, "Temporarily Unavailable")
            : forward(Targets.of(routes), edit));
    }

    /** In parallel, with {@code edit} and without the credentials consumed here. */
    private static Decision forward(List<Target> targets, AssertedIdentity.Edit edit) {
        AssertedIdentity.Edit e = edit.plus(List.of(), CONSUMED);
        return new Decision.Forward(targets, Decision.Fork.PARALLEL, e.add(), e.remove());
    }

    /**
     * Serial through the trunk's URIs; the caller ID is asserted (RFC 3325 §9.1: the carrier is
     * trusted) and shown in From, in place of the caller's {@code identityHeaders}.
     * When {@code hidden} (a private Agent), the assertion is marked {@code Privacy: id} so that the
     * carrier withholds it from the callee (RFC 3325 §7, RFC 3323 §4.2).
     */
    private CompletionStage<Decision> toTrunk(Provisioning p, SipRequest req, Trunk trunk, String number, PhoneNumber callerId,
                                              boolean hidden, List<String> identityHeaders) {
        List<Target> targets = Targets.withCredentials(Targets.trunk(trunk, number), outboundSecret(p, trunk));
        if (targets.isEmpty()) {
            return done(Answers.respond(503, "Service Unavailable (trunk " + trunk.ref() + " has no enabled outbound URI)"));
        }
        String cid = callerId.number();
        SipUri firstHop = (SipUri) targets.get(0).requestUri();
        NameAddress from = req.from();
        String fromValue = new NameAddress(null, SipUri.of(false, SipUri.escapeUser(cid), firstHop.host(), -1),
            from.params(), false).toString();
        List<Header> headers = new ArrayList<>(3);
        headers.add(new Header("From", fromValue));
        headers.add(new Header(AssertedIdentity.PAI, "<sip:" + SipUri.escapeUser(cid) + "@" + firstHop.host() + ">"));
        List<String> remove = new ArrayList<>(List.of("From"));
        remove.addAll(identityHeaders);
        remove.addAll(CONSUMED);
        if (hidden) {
            headers.add(new Header("Privacy", "id"));
            remove.add("Privacy");
        }
        return done(new Decision.Forward(targets, Decision.Fork.SERIAL, headers, remove));
    }

    /**
     * The trunk's {@code spec.outbound.credentialsRef}, with which the EdgePort answers the
     * carrier's 401/407 (RFC 3261 §22.2); null when it has none (or names no Credentials).
     */
    static DigestSecret outboundSecret(Provisioning p, Trunk trunk) {
        String ref = trunk.outboundCredentialsRef();
        Credentials c = ref == null ? null : p.credentials(ref);
        return c == null ? null : new DigestSecret(c.username(), c.password());
    }

    static String aorOf(Agent agent, Domain domain) {
        return "sip:" + agent.username() + "@" + domain.domainUri();
    }

    private static CompletionStage<Decision> done(Decision d) {
        return CompletableFuture.completedFuture(d);
    }
}
