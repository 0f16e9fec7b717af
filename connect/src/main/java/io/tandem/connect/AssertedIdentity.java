package io.tandem.connect;

import io.tandem.processor.Header;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Domain;
import io.tandem.sip.SipParseException;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The RFC 3325 trust boundary. Trunks and Peers are inside the trust domain (admitted by ACL or
 * digest, and told who a caller is); Agents, phones the server authenticates but cannot vouch for,
 * are outside it. So (§5, §9.1):
 *
 * <ul>
 *   <li>from an Agent, P-Asserted-Identity and Remote-Party-ID are always removed;
 *       P-Preferred-Identity is a hint only (§9.2: it may pick among the identities the user is
 *       authorized to use; an Agent has one, its AOR), and is removed too;
 *   <li>the authenticated identity is asserted only toward a Trunk or a Peer, and marked
 *       {@code Privacy: id} for a private Agent (§7, RFC 3323 §4.2);
 *   <li>toward an Agent nothing is asserted for an Agent caller (as Routr, whose agent-to-agent
 *       route adds no identity header); an identity a Trunk or a Peer asserted is passed on to the
 *       Agent unless the request asks for {@code Privacy: id}, in which case it is removed (§5).
 * </ul>
 */
final class AssertedIdentity {
    static final String PAI = "P-Asserted-Identity";
    static final String PPI = "P-Preferred-Identity";
    /** draft-ietf-sip-privacy-04's header, still sent by many PBXs and carriers for the same purpose. */
    static final String RPID = "Remote-Party-ID";
    /** What an untrusted sender may not assert: removed from every request from an Agent. */
    static final List<String> FROM_UNTRUSTED = List.of(PAI, PPI, RPID);

    private AssertedIdentity() {
    }

    /** Header lines to add and names to remove on every branch of a Forward. */
    record Edit(List<Header> add, List<String> remove) {
        static final Edit NONE = new Edit(List.of(), List.of());

        Edit {
            add = List.copyOf(add);
            remove = List.copyOf(remove);
        }

        /** This edit with {@code more} added after it, and {@code names} removed too. */
        Edit plus(List<Header> more, List<String> names) {
            List<Header> a = new ArrayList<>(add);
            a.addAll(more);
            List<String> r = new ArrayList<>(remove);
            r.addAll(names);
            return new Edit(a, r);
        }
    }

    /** An Agent's request toward another Agent: its identity headers go, none is added. */
    static Edit agentToAgent() {
        return new Edit(List.of(), FROM_UNTRUSTED);
    }

    /** An Agent's request toward a Peer (trusted): its AOR asserted, as its P-Preferred-Identity names it when that is the AOR. */
    static Edit agentToPeer(SipRequest req, Agent caller, Domain domain) {
        String aor = CallRouter.aorOf(caller, domain);
        List<Header> add = new ArrayList<>(List.of(new Header(PAI, preferredOrOwn(req, caller, domain, aor))));
        List<String> remove = new ArrayList<>(FROM_UNTRUSTED);
        if (caller.spec().privacy() == Agent.Privacy.PRIVATE) {
            add.add(new Header("Privacy", "id"));
            remove.add("Privacy");
        }
        return new Edit(add, remove);
    }

    /**
     * A request of a Trunk or a Peer (trusted) toward an Agent (not trusted): what they asserted
     * goes on, unless the request asks that the identity be withheld ({@code Privacy: id}, §5).
     */
    static Edit trustedToAgent(SipRequest req) {
        return privacyId(req) ? new Edit(List.of(), List.of(PAI, RPID)) : Edit.NONE;
    }

    /** Whether a Privacy header asks for {@code id} (RFC 3323 §4.2: priv-values separated by ";"). */
    static boolean privacyId(SipRequest req) {
        for (String line : req.headers("Privacy")) {
            for (String v : line.split("[;,]")) {
                if (v.strip().toLowerCase(Locale.ROOT).equals("id")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The Agent's P-Preferred-Identity when it names the Agent's own AOR (its display name is
     * then kept), else the AOR: a hint can choose nothing the Agent is not authorized to be.
     */
    private static String preferredOrOwn(SipRequest req, Agent caller, Domain domain, String aor) {
        String own = "<" + aor + ">";
        String ppi = req.header(PPI);
        if (ppi == null) {
            return own;
        }
        try {
            NameAddress na = NameAddress.parse(ppi, PPI);
            return na.uri() instanceof SipUri u && caller.username().equals(u.userDecoded())
                && domain.domainUri().equalsIgnoreCase(u.host()) ? na.toString() : own;
        } catch (SipParseException | IllegalArgumentException e) {
            return own;
        }
    }
}
