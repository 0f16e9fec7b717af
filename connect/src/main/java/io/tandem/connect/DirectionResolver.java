package io.tandem.connect;

import io.tandem.connect.RoutingDirection.Party;
import io.tandem.processor.MessageContext;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.PhoneNumber;
import io.tandem.provisioning.Provisioning;
import io.tandem.provisioning.Resource;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.uri.SipUri;

/**
 * Finds the caller's and the callee's resources of a dialog-creating request and the {@link
 * RoutingDirection} between them, as Routr's {@code router.ts} does with {@code findResource}:
 *
 * <ul>
 *   <li>the caller is the Agent named by the From user in the From's Domain (when the From names
 *       no Domain of ours, in the Request-URI's: Tandem's habit for phones that put the server's
 *       address in From), else the Peer with that username;
 *   <li>the callee is, first, the Number the Request-URI user dials (in the numbering plan of the
 *       Trunk whose inbound URI the host is, else of the Domain it names, else the server's); else
 *       any number at a Trunk's inbound URI (unknown there: 404 once the Trunk admits the sender);
 *       else the Agent of the Request-URI's Domain, or the Peer whose aor the Request-URI is.
 * </ul>
 *
 * Immutable; one instance serves every request.
 */
final class DirectionResolver {
    /**
     * What a request is: its direction, the caller (an Agent, a Peer or null) and the Domain it
     * claims, the callee (an Agent, a Peer, a Number or null) and its Domain, and for {@code
     * FROM_PSTN} the Trunk whose rules admit the sender: the one whose inbound URI the Request-URI
     * names, else the Number's (so a carrier may also send to the server's address).
     */
    record Routing(RoutingDirection direction, Resource caller, Domain callerDomain, Resource callee, Domain calleeDomain,
                   Trunk trunk) {
    }

    private final NumberingPlan numbering;

    /** @param numbering the server's plan, for Request-URIs that name neither a Trunk nor a Domain with its own */
    DirectionResolver(NumberingPlan numbering) {
        this.numbering = numbering;
    }

    Routing resolve(MessageContext ctx, Provisioning p, SipUri from, SipUri ruri) {
        Domain callerDomain = Locality.servedDomain(p, ctx, from);
        if (callerDomain == null) {
            callerDomain = Locality.servedDomain(p, ctx, ruri);
        }
        String fromUser = from.userDecoded();
        Resource caller = null;
        if (fromUser != null) {
            caller = callerDomain == null ? null : p.findAgent(fromUser, callerDomain.domainUri());
            caller = caller != null ? caller : p.findPeerByUsername(fromUser);
        }

        Trunk trunk = p.findTrunkByInboundUri(ruri.host());
        Domain calleeDomain = trunk == null ? Locality.servedDomain(p, ctx, ruri) : null;
        String user = ruri.userDecoded();
        NumberingPlan plan = trunk != null ? NumberingPlan.of(trunk.inboundNumbering(), numbering)
            : calleeDomain != null ? NumberingPlan.of(calleeDomain.numbering(), numbering) : numbering;
        String e164 = plan.normalize(user);
        Resource callee = e164 == null ? null : p.findNumberByTelUrl(e164);
        if (callee == null && trunk == null && calleeDomain != null && user != null) {
            callee = p.findAgent(user, calleeDomain.domainUri());
            callee = callee != null ? callee : p.findPeerByAor(ruri.toString());
        }
        Party calleeParty = callee instanceof PhoneNumber || trunk != null ? Party.NUMBER : party(callee);
        if (callee instanceof PhoneNumber n && trunk == null) {
            trunk = p.trunk(n.trunkRef());
        }
        RoutingDirection direction = RoutingDirection.of(party(caller), calleeParty);
        return new Routing(direction, caller, callerDomain, callee, calleeDomain,
            direction == RoutingDirection.FROM_PSTN ? trunk : null);
    }

    private static Party party(Resource r) {
        return r instanceof Agent ? Party.AGENT : r instanceof Peer ? Party.PEER : Party.NONE;
    }
}
