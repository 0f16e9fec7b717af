package io.tandem.accounting.limit;

import io.tandem.accounting.call.CallParties;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.PhoneNumber;
import io.tandem.provisioning.Provisioning;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.net.InetAddress;

/**
 * Who a call the Processor forwards is between, found the way Connect found them: the source is
 * the Trunk whose ACL admits the sender (or whose inbound URI is the Request-URI host), else the
 * Agent of the From user in its Domain, else a Peer by username; the destination is the Trunk
 * whose outbound URI the first target names, else the Agent of the Request-URI, else the Agent
 * the dialed Number (a DID) links to, else that Number. The E.164 numbers are the asserted caller
 * ID and the number sent to the trunk when Connect wrote them, else what the caller wrote when it
 * starts with {@code +}.
 */
public record PartyResolver(Agent sourceAgent, Domain sourceDomain, Trunk sourceTrunk, Agent destinationAgent,
                            Domain destinationDomain, Trunk destinationTrunk, CallParties parties) {

    public static PartyResolver resolve(Provisioning p, MessageContext ctx, Decision.Forward forward) {
        var r = ctx.request();
        SipUri ruri = r.requestUri() instanceof SipUri u ? u : null;
        SipUri from = r.from().uri() instanceof SipUri u ? u : null;
        Trunk srcTrunk = p.findTrunkBySourceAddress(InetAddress.ofLiteral(ctx.sourceHost()));
        if (srcTrunk == null && ruri != null) {
            srcTrunk = p.findTrunkByInboundUri(ruri.host());
        }
        Agent srcAgent = null;
        Domain srcDomain = null;
        Peer srcPeer = null;
        if (srcTrunk == null && from != null && from.user() != null) {
            srcDomain = p.findDomainByUri(from.host());
            srcAgent = srcDomain == null ? null : p.findAgent(from.userDecoded(), srcDomain.domainUri());
            srcPeer = srcAgent == null ? p.findPeerByUsername(from.userDecoded()) : null;
        }
        Uri target = forward.targets().get(0).requestUri();
        Trunk dstTrunk = target instanceof SipUri t ? trunkOf(p, t) : null;
        Agent dstAgent = null;
        Domain dstDomain = null;
        PhoneNumber dstNumber = null;
        if (dstTrunk == null && ruri != null && ruri.user() != null) {
            dstDomain = p.findDomainByUri(ruri.host());
            dstAgent = dstDomain == null ? null : p.findAgent(ruri.userDecoded(), dstDomain.domainUri());
            if (dstAgent == null) { // a DID: the Agent its aorLink names, else the Number itself
                dstNumber = p.findNumberByTelUrl(ruri.userDecoded());
                SipUri aor = dstNumber == null ? null : aorOf(dstNumber.aorLink());
                dstDomain = aor == null ? null : p.findDomainByUri(aor.host());
                dstAgent = dstDomain == null || aor.user() == null ? null : p.findAgent(aor.userDecoded(), dstDomain.domainUri());
            }
        }
        String srcKind = srcTrunk != null ? "trunk" : srcAgent != null ? "agent" : srcPeer != null ? "peer" : null;
        String srcRef = srcTrunk != null ? srcTrunk.ref() : srcAgent != null ? srcAgent.ref() : srcPeer != null ? srcPeer.ref() : null;
        String dstKind = dstTrunk != null ? "trunk" : dstAgent != null ? "agent" : dstNumber != null ? "number" : null;
        String dstRef = dstTrunk != null ? dstTrunk.ref() : dstAgent != null ? dstAgent.ref() : dstNumber != null ? dstNumber.ref() : null;
        String direction = srcTrunk != null ? "inbound" : dstTrunk != null ? "outbound" : "internal";
        Domain tenant = srcDomain != null && srcAgent != null ? srcDomain : dstDomain;
        String callerE164 = assertedNumber(forward);
        if (callerE164 == null && from != null && from.user() != null && from.userDecoded().startsWith("+")) {
            callerE164 = from.userDecoded();
        }
        String calleeE164 = null;
        if (dstTrunk != null && target instanceof SipUri t && t.user() != null) {
            calleeE164 = t.userDecoded();
        } else if (ruri != null && ruri.user() != null && ruri.userDecoded().startsWith("+")) {
            calleeE164 = ruri.userDecoded();
        }
        CallParties parties = new CallParties(srcKind, srcRef, dstKind, dstRef, direction, tenant == null ? null : tenant.ref(),
            callerE164, calleeE164);
        return new PartyResolver(srcAgent, srcAgent == null ? null : srcDomain, srcTrunk, dstAgent, dstAgent == null ? null : dstDomain,
            dstTrunk, parties);
    }

    /** The Trunk one of whose outbound URIs is {@code target}'s host and port. */
    private static Trunk trunkOf(Provisioning p, SipUri target) {
        for (Trunk t : p.trunks()) {
            if (t.spec().outbound() == null) {
                continue;
            }
            for (Trunk.OutboundUri o : t.spec().outbound().uris()) {
                Trunk.Uri u = o.uri();
                if (u.host().equalsIgnoreCase(target.host()) && (u.port() == target.port() || u.port() == 0 || target.port() <= 0)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static SipUri aorOf(String aor) {
        if (aor == null) {
            return null;
        }
        try {
            return SipUri.parse(aor);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The user of the P-Asserted-Identity Connect adds toward a trunk (the caller ID), when it is a number. */
    private static String assertedNumber(Decision.Forward forward) {
        for (Header h : forward.headers()) {
            if (h.name().equalsIgnoreCase("P-Asserted-Identity")) {
                try {
                    NameAddress a = NameAddress.parse(h.value(), "P-Asserted-Identity");
                    if (a.uri() instanceof SipUri u && u.user() != null) {
                        return u.userDecoded();
                    }
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
