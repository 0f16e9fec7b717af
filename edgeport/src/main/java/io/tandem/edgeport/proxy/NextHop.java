package io.tandem.edgeport.proxy;

import io.tandem.edgeport.dns.Destination;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.transport.Flow;
import io.tandem.edgeport.transport.SipTransport;
import io.tandem.processor.Target;
import io.tandem.sip.SipParseException;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Chooses where a branch goes (RFC 3261 §16.6 steps 6-7): the target's explicit next hop, else
 * the first Route (the target's, then the request's), else a connection named by a flow token,
 * else the Request-URI; then resolves it (RFC 3263) and gets a flow, trying each destination in turn.
 */
final class NextHop {
    private NextHop() {
    }

    static CompletionStage<Flow> select(Target target, SipRequest base, FlowToken.Decoded hint, TargetResolver resolver,
                                        SipTransport transport) {
        Uri hop;
        if (target.nextHop() != null) {
            hop = target.nextHop();
        } else if (!target.routeSet().isEmpty()) {
            hop = NameAddress.parse(target.routeSet().get(0), "Route").uri();
        } else {
            List<NameAddress> routes = base.routes();
            if (!routes.isEmpty()) {
                hop = routes.get(0).uri();
            } else if (hint != null) {
                // RFC 5626 §5.3: a flow token whose connection cannot be had is a failed flow (430)
                return transport.flowTo(hint.transport(), hint.address())
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(new FlowFailed(hint, e)));
            } else {
                hop = target.requestUri();
            }
        }
        if (!(hop instanceof SipUri uri)) {
            return CompletableFuture.failedFuture(new SipParseException("next hop", "cannot route to a " + hop.scheme() + " URI", -1));
        }
        return resolver.resolve(uri).thenCompose(ds -> connect(ds, 0, transport));
    }

    /** The connection a flow token names is gone and cannot be opened again. */
    static final class FlowFailed extends Exception {
        FlowFailed(FlowToken.Decoded hint, Throwable cause) {
            super("flow " + hint.transport() + " " + hint.address() + " failed: " + cause.getMessage(), cause, false, false);
        }
    }

    /** True if {@code err} (as a stage reports it) is a {@link FlowFailed}. */
    static boolean isFlowFailure(Throwable err) {
        Throwable t = err;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof FlowFailed;
    }

    private static CompletionStage<Flow> connect(List<Destination> ds, int i, SipTransport transport) {
        if (i >= ds.size()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no destination could be reached"));
        }
        Destination d = ds.get(i);
        return transport.flowTo(d.transport(), d.address())
            .handle((f, err) -> err == null ? CompletableFuture.completedFuture(f) : connect(ds, i + 1, transport))
            .thenCompose(x -> x);
    }
}
