package io.tandem.connect;

import io.tandem.processor.MessageContext;
import io.tandem.processor.OwnAddresses;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Provisioning;
import io.tandem.sip.uri.SipUri;
import java.util.List;
import java.util.Locale;

/** Which domain a host names: a provisioned Domain, or this server's own address. */
final class Locality {
    private Locality() {
    }

    /**
     * True if the URI names the EdgePort itself: the host and the port of one of its listening
     * points (bound or advertised; loopback when it listens on a wildcard address), or one of its
     * external addresses with the port of a listening point. Host and port must belong to the same
     * listening point: another port of a host we share with other services is not us.
     */
    static boolean isOwnAddress(MessageContext ctx, SipUri uri) {
        int port = uri.port() >= 0 ? uri.port() : uri.secure() ? 5061 : 5060;
        return OwnAddresses.of(ctx.listeningPoints(), ctx.externalAddrs()).isOwn(uri.host(), port);
    }

    /**
     * The Domain {@code host} names: the Domain with that URI; or, when {@code host} is this
     * server's own address and exactly one Domain is provisioned, that one (so a softphone set up
     * with the server's IP as its domain works out of the box). Null otherwise.
     */
    static Domain servedDomain(Provisioning p, MessageContext ctx, SipUri uri) {
        Domain d = p.findDomainByUri(bare(uri.host()).toLowerCase(Locale.ROOT));
        if (d != null) {
            return d;
        }
        List<Domain> all = p.domains();
        return all.size() == 1 && isOwnAddress(ctx, uri) ? all.get(0) : null;
    }

    private static String bare(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
