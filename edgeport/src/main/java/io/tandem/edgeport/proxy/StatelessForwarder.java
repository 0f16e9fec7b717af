package io.tandem.edgeport.proxy;

import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.transport.Flow;
import io.tandem.edgeport.transport.MessageScope;
import io.tandem.edgeport.transport.SipTransport;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.Parameters;
import io.tandem.sip.SipParseException;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.validate.ResponseValidator;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the proxy forwards without a transaction: the ACK for a 2xx, which belongs to the dialog
 * and not to the INVITE transaction (RFC 3261 §16.11 as applied to ACK, RFC 6026 §7.1), and
 * responses that match no client transaction, routed by their Via (§16.7, §18.2.2).
 */
final class StatelessForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(StatelessForwarder.class);

    private final LocalAddresses local;
    private final SipTransport transport;
    private final TargetResolver resolver;
    private final Executor shard;
    private final ProxyStats stats;
    private final Advertiser advertiser;
    private final DialogSeal seal;

    StatelessForwarder(LocalAddresses local, SipTransport transport, TargetResolver resolver, Executor shard, ProxyStats stats,
                       Advertiser advertiser, DialogSeal seal) {
        this.seal = seal;
        this.advertiser = advertiser;
        this.local = local;
        this.transport = transport;
        this.resolver = resolver;
        this.shard = shard;
        this.stats = stats;
    }

    /**
     * Forwards an ACK that matched no transaction. One addressed to us with no Route left (a UA
     * that sends the ACK to its outbound proxy instead of following the route set) is routed by
     * {@code askProcessor}, which returns the target or null. {@code relayHook} (null: none) may
     * edit the ACK before it goes (see {@link io.tandem.processor.Processor#relayingAck}).
     */
    void forwardAck(SipRequest ack, Flow arrival, Function<SipRequest, CompletionStage<Target>> askProcessor,
                    Function<SipRequest, CompletionStage<SipRequest>> relayHook) {
        SipRequest req;
        RoutePreprocessor.Result pre;
        try {
            if (ack.maxForwards() == 0) {
                stats.droppedAcks.increment();
                return;
            }
            pre = RoutePreprocessor.apply(ack, arrival, local, seal);
            req = RoutePreprocessor.renumberAck(pre.request(), pre.cseqShift());
        } catch (SipParseException e) {
            stats.droppedAcks.increment();
            LOG.debug("dropping malformed ACK: {}", e.getMessage());
            return;
        }
        if (req.routes().isEmpty() && pre.flowHint() == null && local.isLocal(req.requestUri())) {
            askProcessor.apply(req).whenCompleteAsync((target, err) -> {
                if (target == null) {
                    stats.droppedAcks.increment(); // e.g. the ACK for a response we generated ourselves
                } else {
                    relay(req.edit().requestUri(target.requestUri()).build(), target, null, relayHook);
                }
            }, MessageScope.on(shard, req));
            return;
        }
        relay(req, Target.of(req.requestUri()), pre.flowHint(), relayHook);
    }

    /** Sends {@code req} once the hook, when there is one, has given the ACK to send; the ACK unchanged when it fails. */
    private void relay(SipRequest req, Target target, FlowToken.Decoded hint, Function<SipRequest, CompletionStage<SipRequest>> hook) {
        if (hook == null) {
            send(req, target, hint);
            return;
        }
        CompletableFuture<SipRequest> edited;
        try {
            CompletionStage<SipRequest> stage = hook.apply(req);
            edited = stage == null ? CompletableFuture.completedFuture(null) : stage.toCompletableFuture();
        } catch (RuntimeException e) {
            edited = CompletableFuture.failedFuture(e);
        }
        if (edited.isDone() && !edited.isCompletedExceptionally() && edited.getNow(null) != null) {
            send(edited.getNow(null), target, hint);
            return;
        }
        edited.whenCompleteAsync((out, err) -> {
            if (err != null || out == null) {
                stats.relayHookFailures.increment();
                LOG.debug("relaying hook failed on ACK {}: sent unchanged ({})", req.callId(), err == null ? "no ACK" : err.toString());
            }
            send(err != null || out == null ? req : out, target, hint);
        }, MessageScope.on(shard, req));
    }

    private void send(SipRequest req, Target target, FlowToken.Decoded hint) {
        NextHop.select(target, req, hint, resolver, transport).whenCompleteAsync((flow, err) -> {
            if (err != null) {
                stats.droppedAcks.increment();
                LOG.debug("no route for ACK {}: {}", req.callId(), err.toString());
                return;
            }
            var lp = flow.local();
            Via via = new Via("SIP/2.0", lp.transport().viaToken(),
                RequestForwarder.bracket(advertiser.hostFor(lp, flow.remote().getAddress())), lp.advertisedPort(),
                Parameters.of("branch", BranchIds.next(BranchIds.loopHash(req))));
            flow.send(req.edit().decrementMaxForwards().pushVia(via).build());
        }, MessageScope.on(shard, req));
    }

    void forwardResponse(SipResponse r) {
        String discard = ResponseValidator.discardReason(r);
        List<Via> vias;
        try {
            vias = r.vias();
        } catch (SipParseException e) {
            discard = e.getMessage();
            vias = List.of();
        }
        if (discard == null && (vias.size() < 2 || !local.isLocal(vias.get(0)))) {
            discard = vias.isEmpty() ? "no Via" : !local.isLocal(vias.get(0)) ? "top Via is not ours" : "no Via left after ours";
        }
        if (discard != null) {
            stats.droppedResponses.increment();
            LOG.debug("dropping stray response: {}", discard);
            return;
        }
        Via next = vias.get(1);
        Transport t = Transport.of(next.transport());
        if (t == null) {
            stats.droppedResponses.increment();
            return;
        }
        // §18.2.2 with RFC 3581: received address, rport port when present, else the sent-by port.
        String host = NumericHost.of(next.received() != null ? next.received() : next.host());
        int port = next.rport() > 0 ? next.rport() : next.port() >= 0 ? next.port() : t.defaultPort();
        if (host == null) {
            stats.droppedResponses.increment();
            return;
        }
        SipResponse out = r.edit().popVia().build();
        transport.flowTo(t, new InetSocketAddress(host, port)).whenComplete((flow, err) -> {
            if (err == null) {
                flow.send(out);
            } else {
                stats.droppedResponses.increment();
            }
        });
    }
}
