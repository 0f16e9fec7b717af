package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.RequestEditor;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.util.List;

/**
 * Route information preprocessing (RFC 3261 §16.4): undo a strict router's rewrite of the
 * Request-URI, and remove our own entries from the top of the Route set (both of them when we
 * record-routed twice). A flow token in a removed entry that names another connection than the
 * one the request came on is kept as the way to the next hop.
 */
final class RoutePreprocessor {
    private RoutePreprocessor() {
    }

    /** The request after preprocessing and the flow it must leave on, if a token named one. */
    /** @param sealed an entry we removed carried a valid {@link DialogSeal} mark for this request */
    record Result(SipRequest request, FlowToken.Decoded flowHint, boolean sealed) {
    }

    static Result apply(SipRequest req, Flow arrival, LocalAddresses local, DialogSeal seal) {
        List<NameAddress> routes = req.routes();
        if (routes.isEmpty()) {
            return new Result(req, null, false);
        }
        RequestEditor e = null;
        // §16.4: a Request-URI holding our Record-Route value came through a strict router:
        // the real Request-URI is the last Route value.
        if (req.requestUri() instanceof SipUri ru && ru.lr() && local.isLocal(ru)) {
            e = req.edit().requestUri(routes.get(routes.size() - 1).uri());
            routes = routes.subList(0, routes.size() - 1);
            rewriteRoutes(e, routes);
        }
        FlowToken.Decoded hint = null;
        boolean sealed = false;
        int popped = 0;
        while (popped < routes.size() && local.isLocal(routes.get(popped).uri())) {
            SipUri ours = (SipUri) routes.get(popped).uri();
            sealed |= seal.verify(ours.param(DialogSeal.PARAM), req);
            FlowToken.Decoded d = FlowToken.decode(ours.user());
            if (d != null && !(d.transport() == arrival.transport() && d.address().equals(arrival.remote()))) {
                hint = d;
            }
            popped++;
        }
        if (popped == 0 && e == null) {
            return new Result(req, null, false);
        }
        if (e == null) {
            e = req.edit();
        }
        for (int i = 0; i < popped; i++) {
            e.removeFirstValue("Route");
        }
        return new Result(e.build(), hint, sealed);
    }

    private static void rewriteRoutes(RequestEditor e, List<NameAddress> rest) {
        e.remove("Route");
        for (NameAddress r : rest) {
            e.add("Route", r.toString());
        }
    }
}
