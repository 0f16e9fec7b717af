package io.tandem.media;

import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.Provisioning;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.uri.SipUri;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The provisioned resources a new call involves, most specific first, for the per-resource media
 * settings: the caller's Agent (From user in the From host's Domain) or Peer (by username), the
 * callee's Agent (Request-URI user in its Domain), the Trunk the request came from (its ACL
 * admits the source address), then the two Domains. Asked once per call (initial INVITE).
 */
@FunctionalInterface
public interface CallResources {
    CallResources NONE = (ctx, forward) -> List.of();

    List<String> refsOf(MessageContext ctx, Decision.Forward forward);

    /** The resources {@code provisioning} holds now (it reloads: each call looks them up anew). */
    static CallResources of(Provisioning provisioning) {
        return (ctx, forward) -> {
            List<String> agents = new ArrayList<>();
            List<String> domains = new ArrayList<>();
            if (ctx.request().from().uri() instanceof SipUri from && from.user() != null) {
                Domain d = provisioning.findDomainByUri(from.host());
                Agent a = d == null ? null : provisioning.findAgent(from.userDecoded(), d.domainUri());
                Peer p = a == null ? provisioning.findPeerByUsername(from.userDecoded()) : null;
                add(agents, a != null ? a.ref() : p != null ? p.ref() : null);
                add(domains, d == null ? null : d.ref());
            }
            if (ctx.request().requestUri() instanceof SipUri to && to.user() != null) {
                Domain d = provisioning.findDomainByUri(to.host());
                Agent a = d == null ? null : provisioning.findAgent(to.userDecoded(), d.domainUri());
                add(agents, a == null ? null : a.ref());
                add(domains, d == null ? null : d.ref());
            }
            Trunk trunk = provisioning.findTrunkBySourceAddress(InetAddress.ofLiteral(ctx.sourceHost()));
            add(agents, trunk == null ? null : trunk.ref());
            agents.addAll(domains);
            return List.copyOf(agents);
        };
    }

    private static void add(List<String> refs, String ref) {
        if (ref != null && !refs.contains(ref)) {
            refs.add(ref);
        }
    }
}
