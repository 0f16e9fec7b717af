package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.Decision;
import io.tandem.processor.OwnAddresses;
import io.tandem.processor.Header;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.Parameters;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.RequestEditor;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.util.List;

/**
 * Builds the request of one branch (RFC 3261 §16.6): new Request-URI, Max-Forwards decremented,
 * Record-Route, the target's Route set, our Via with a fresh branch. Record-Route is doubled when
 * the request leaves on another transport or interface than it came in on, so that each side of
 * the dialog sees an address it can reach (RFC 5658, as Kamailio and Routr do), and when it came
 * over a connection, so that each side's entry carries the flow token of its own connection.
 */
final class RequestForwarder {
    private RequestForwarder() {
    }

    /**
     * Edits common to every branch: received/rport on the sender's Via (RFC 3261 §18.2.1,
     * RFC 3581 §4), Max-Forwards (§16.6 step 3), the processor's headers.
     */
    static SipRequest common(SipRequest req, Flow inbound, List<Header> add, List<String> remove) {
        return common(req, inbound, add, remove, null);
    }

    /** As above, with the body replaced when {@code body} is not null (a Forward's body override). */
    static SipRequest common(SipRequest req, Flow inbound, List<Header> add, List<String> remove, Decision.Body body) {
        RequestEditor e = req.edit().decrementMaxForwards();
        if (body != null) {
            e.body(body.content(), body.contentType());
        }
        Via top = req.topVia();
        String source = inbound.remote().getAddress().getHostAddress();
        Via stamped = top;
        if (!OwnAddresses.normalize(top.host()).equals(OwnAddresses.normalize(source))) {
            stamped = stamped.withParam("received", source);
        }
        if (top.hasRport()) {
            stamped = stamped.withParam("rport", Integer.toString(inbound.remote().getPort()));
        }
        if (stamped != top) {
            e.replaceTopVia(stamped);
        }
        for (String name : remove) {
            e.remove(name);
        }
        for (Header h : add) {
            e.add(h.name(), h.value());
        }
        return e.build();
    }

    /**
     * The request for one branch.
     *
     * @param recordRoute whether to Record-Route (every dialog-creating request: §16.6 step 4)
     */
    static SipRequest branch(SipRequest base, Target target, Flow inbound, ListeningPoint out, Flow outbound,
                             boolean recordRoute, String branch, Advertiser advertiser, String seal) {
        RequestEditor e = base.edit().requestUri(target.requestUri());
        for (Header h : target.headers()) {
            e.add(h.name(), h.value());
        }
        // §16.6 step 5: the target's Route set goes in front of any existing Route.
        List<String> routes = target.routeSet();
        for (int i = routes.size() - 1; i >= 0; i--) {
            e.addFirst("Route", routes.get(i));
        }
        strictRouter(e, target, base);
        if (recordRoute) {
            ListeningPoint in = inbound.local();
            String inHost = advertiser.hostFor(in, inbound.remote().getAddress());
            String outHost = advertiser.hostFor(out, outbound.remote().getAddress());
            // Doubled when the two sides differ (RFC 5658 §4), and whenever the caller came over a
            // connection: one entry cannot carry both flow tokens, and the caller's is the one that
            // brings the callee's in-dialog requests back over the caller's connection (RFC 5626
            // §5.3 style; its Contact may be unreachable, e.g. behind NAT).
            boolean twoSides = in.transport() != out.transport() || !inHost.equals(outHost)
                || in.advertisedPort() != out.advertisedPort() || inbound.transport().isStream();
            if (twoSides) {
                // The lower entry faces the caller, the top one the callee (§16.6 step 4, RFC 5658 §4).
                e.addRecordRoute(recordRoute(in, inHost, inbound, seal));
            }
            e.addRecordRoute(recordRoute(out, outHost, outbound, seal));
        }
        String viaHost = bracket(advertiser.hostFor(out, outbound.remote().getAddress()));
        Via via = new Via("SIP/2.0", out.transport().viaToken(), viaHost, out.advertisedPort(),
            Parameters.of("branch", branch, "rport", null));
        return e.pushVia(via).build();
    }

    /**
     * §16.6 step 6: when the next hop is a strict router (its Route URI has no {@code lr}), it
     * expects its own URI as the Request-URI: the Request-URI moves to the end of the Route set
     * and the first Route value becomes the Request-URI (§16.12.1.1 shows the exchange).
     */
    private static void strictRouter(RequestEditor e, Target target, SipRequest base) {
        NameAddress first;
        if (!target.routeSet().isEmpty()) {
            first = NameAddress.parse(target.routeSet().get(0), "Route");
        } else if (!base.routes().isEmpty()) {
            first = base.routes().get(0);
        } else {
            return;
        }
        if (!(first.uri() instanceof SipUri next) || next.lr()) {
            return;
        }
        e.requestUri(next);
        e.removeFirstValue("Route");
        e.add("Route", "<" + target.requestUri() + ">");
    }

    /** {@code <sip:[flow token@]host:port;transport=x;lr>}; the token only for stream flows. */
    static NameAddress recordRoute(ListeningPoint lp, String host, Flow flow, String seal) {
        String user = flow != null && flow.transport().isStream() ? FlowToken.encode(flow.transport(), flow.remote()) : null;
        // transport=tls rather than sips:...;transport=tcp: what deployed clients and servers expect.
        SipUri uri = SipUri.of(false, user, bracket(host), lp.advertisedPort());
        if (lp.transport() != Transport.UDP) {
            uri = uri.withParam("transport", lp.transport().uriParam());
        }
        if (seal != null) {
            uri = uri.withParam(DialogSeal.PARAM, seal);
        }
        return NameAddress.of(uri.withParam("lr", null));
    }

    static String bracket(String h) {
        return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
    }
}
