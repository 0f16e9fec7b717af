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
    /** Record-Route parameter {@code n.m}: the callee knows the dialog's INVITE by CSeq m, the caller by n. */
    static final String CSEQ_SHIFT = "tdmcs";

    /**
     * @param sealed an entry we removed carried a valid {@link DialogSeal} mark for this request
     * @param cseqShift the {@link #CSEQ_SHIFT} value of a sealed entry we removed, or null
     */
    record Result(SipRequest request, FlowToken.Decoded flowHint, boolean sealed, String cseqShift) {
        Result(SipRequest request, FlowToken.Decoded flowHint, boolean sealed) {
            this(request, flowHint, sealed, null);
        }
    }

    /**
     * An ACK for the 2xx of an INVITE we re-sent with credentials (CSeq n+1) carries the caller's
     * number n: it gets the callee's, as §13.2.2.4 requires. Other requests keep theirs.
     */
    static SipRequest renumberAck(SipRequest ack, String shift) {
        if (shift == null) {
            return ack;
        }
        int dot = shift.indexOf('.');
        try {
            long from = Long.parseLong(shift.substring(0, dot));
            long to = Long.parseLong(shift.substring(dot + 1));
            return ack.cseq().sequence() == from ? ack.edit().set("CSeq", to + " ACK").build() : ack;
        } catch (RuntimeException e) {
            return ack;
        }
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
        String shift = null;
        int popped = 0;
        while (popped < routes.size() && local.isLocal(routes.get(popped).uri())) {
            SipUri ours = (SipUri) routes.get(popped).uri();
            if (seal.verify(ours.param(DialogSeal.PARAM), req)) {
                sealed = true;
                shift = ours.param(CSEQ_SHIFT) != null ? ours.param(CSEQ_SHIFT) : shift;
            }
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
        return new Result(e.build(), hint, sealed, shift);
    }

    private static void rewriteRoutes(RequestEditor e, List<NameAddress> rest) {
        e.remove("Route");
        for (NameAddress r : rest) {
            e.add("Route", r.toString());
        }
    }
}
