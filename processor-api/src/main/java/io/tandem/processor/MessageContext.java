package io.tandem.processor;

import io.tandem.sip.message.SipRequest;
import java.util.List;

/**
 * What the EdgePort hands a Processor with each request, as Routr's MessageRequest does: the
 * message, where it came from, where it arrived, and the EdgePort's network facts.
 *
 * @param edgePortRef the EdgePort's ref from its configuration
 * @param request the request (immutable)
 * @param transport the transport it arrived on
 * @param sourceHost the observed source address (not what the message claims)
 * @param sourcePort the observed source port
 * @param listeningPoint where it arrived
 * @param listeningPoints every listening point of the EdgePort (to route out on another transport)
 * @param externalAddrs the EdgePort's external addresses
 * @param localnets networks considered local (CIDR)
 * @param dialogRouted true when the request carried a Route entry that this EdgePort wrote into
 *     the Record-Route of a dialog it proxied, sealed for this Call-ID and tag: an in-dialog
 *     request on a route we set up. A request with a To tag but no such entry was not record-routed
 *     by us, and a Processor must not relay it unauthenticated (that would be an open relay).
 */
public record MessageContext(
        String edgePortRef,
        SipRequest request,
        Transport transport,
        String sourceHost,
        int sourcePort,
        ListeningPoint listeningPoint,
        List<ListeningPoint> listeningPoints,
        List<String> externalAddrs,
        List<String> localnets,
        boolean dialogRouted) {
    public MessageContext {
        listeningPoints = List.copyOf(listeningPoints);
        externalAddrs = List.copyOf(externalAddrs);
        localnets = List.copyOf(localnets);
    }

    /** A context for a request that did not come along a route of ours. */
    public MessageContext(String edgePortRef, SipRequest request, Transport transport, String sourceHost, int sourcePort,
                          ListeningPoint listeningPoint, List<ListeningPoint> listeningPoints, List<String> externalAddrs,
                          List<String> localnets) {
        this(edgePortRef, request, transport, sourceHost, sourcePort, listeningPoint, listeningPoints, externalAddrs,
            localnets, false);
    }

    /** This context with another request (a middleware's edit of it). */
    public MessageContext withRequest(SipRequest edited) {
        return new MessageContext(edgePortRef, edited, transport, sourceHost, sourcePort, listeningPoint, listeningPoints,
            externalAddrs, localnets, dialogRouted);
    }
}
