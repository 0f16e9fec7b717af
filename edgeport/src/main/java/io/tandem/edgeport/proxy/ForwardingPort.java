package io.tandem.edgeport.proxy;

import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.transaction.ServerTransaction;
import io.tandem.edgeport.transaction.TimerService;
import io.tandem.edgeport.transaction.TimerSettings;
import io.tandem.edgeport.transaction.TransactionLayer;
import io.tandem.edgeport.transport.Flow;
import io.tandem.edgeport.transport.MessageScope;
import io.tandem.edgeport.transport.SipTransport;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.sip.SipMethod;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link ProxyPort} of one shard: carries a Forward decision out over the transports and
 * the transaction layer (RFC 3261 §16.6), keeps the shard's response contexts, and sends what
 * they relay upstream, through the Processor's {@link Processor#relaying} hook when it wants to
 * see responses. Single-threaded, on the shard's executor.
 */
final class ForwardingPort implements ProxyPort {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingPort.class);

    private final TimerSettings timerSettings;
    private final TimerService timers;
    private final LocalAddresses local;
    private final SipTransport transport;
    private final TargetResolver resolver;
    private final Processor processor;
    private final Executor shard;
    private final ProxyStats stats;
    private final Advertiser advertiser;
    private final DialogSeal seal;
    private final LocalResponses responses;
    private final Upstream upstream;
    private final Map<ServerTransaction, ResponseContext> contexts = new HashMap<>();
    private TransactionLayer layer;

    ForwardingPort(TimerSettings timerSettings, TimerService timers, LocalAddresses local, SipTransport transport,
                   TargetResolver resolver, Processor processor, Executor shard, ProxyStats stats, Advertiser advertiser,
                   DialogSeal seal, LocalResponses responses, Upstream upstream) {
        this.timerSettings = timerSettings;
        this.timers = timers;
        this.local = local;
        this.transport = transport;
        this.resolver = resolver;
        this.processor = processor;
        this.shard = shard;
        this.stats = stats;
        this.advertiser = advertiser;
        this.seal = seal;
        this.responses = responses;
        this.upstream = upstream;
    }

    void attach(TransactionLayer transactionLayer) {
        this.layer = transactionLayer;
    }

    /** Starts the branches of {@code fw} for the request of {@code tx}, as preprocessed ({@code pre}). */
    void forward(ServerTransaction tx, MessageContext request, RoutePreprocessor.Result pre, String loopHash, Decision.Forward fw) {
        stats.forwarded.increment();
        SipRequest base = RequestForwarder.common(pre.request(), tx.requestFlow(), fw.headers(), fw.removeHeaders(), fw.body());
        ResponseContext ctx = new ResponseContext(this, tx, base, request);
        ctx.loopHash = loopHash;
        ctx.flowHint = pre.flowHint();
        contexts.put(tx, ctx);
        ctx.start(fw);
    }

    ResponseContext contextOf(ServerTransaction tx) {
        return contexts.get(tx);
    }

    ResponseContext remove(ServerTransaction tx) {
        return contexts.remove(tx);
    }

    @Override
    public TimerService timers() {
        return timers;
    }

    @Override
    public TimerSettings timerSettings() {
        return timerSettings;
    }

    @Override
    public boolean isOwnVia(Via via) {
        return local.isLocal(via);
    }

    @Override
    public void startBranch(Branch b) {
        ResponseContext ctx = b.context;
        CompletionStage<Flow> hop;
        try {
            hop = NextHop.select(b.target, ctx.base, ctx.flowHint, resolver, transport);
        } catch (RuntimeException e) { // e.g. a Route value of the target that does not parse
            hop = CompletableFuture.failedFuture(e);
        }
        hop.whenCompleteAsync((flow, err) -> {
            if (err != null || flow == null) {
                LOG.debug("no route for branch {}: {}", b.target.requestUri(), err == null ? "no destination" : err.toString());
                b.failed(err != null && NextHop.isFlowFailure(err) ? 430 : 503);
                return;
            }
            if (ctx.isCancelled() || b.isCancelWanted()) {
                b.failed(487); // cancelled while resolving: never sent, so nothing to CANCEL (§9.1)
                return;
            }
            SipMethod m = ctx.base.method();
            boolean recordRoute = m == SipMethod.INVITE || m == SipMethod.SUBSCRIBE || m == SipMethod.REFER;
            SipRequest out;
            try {
                out = RequestForwarder.branch(ctx.base, b.target, ctx.server.requestFlow(), flow.local(), flow,
                    recordRoute && ctx.base.to().tag() == null, BranchIds.next(ctx.loopHash), advertiser, seal.seal(ctx.base));
            } catch (RuntimeException e) { // a target header or Route value that is not SIP
                stats.processorFailures.increment();
                LOG.warn("cannot build the branch to {}: {}", b.target.requestUri(), e.toString());
                b.failed(500);
                return;
            }
            b.started(out, flow, layer.sendRequest(out, flow, b));
            upstream.events().branchSent(ctx.server.request(), out, flow.transport(), flow.remote());
        }, MessageScope.on(shard, ctx.base));
    }

    @Override
    public boolean resendWithCredentials(Branch b, SipResponse challenge) {
        SipRequest retry;
        try {
            retry = Branch.withCredentials(b.request, challenge, b.target.credentials(), BranchIds.next(b.context.loopHash));
        } catch (RuntimeException e) { // a challenge that does not parse
            LOG.debug("cannot answer the challenge for {}: {}", b.target.requestUri(), e.toString());
            return false;
        }
        if (retry == null) {
            LOG.debug("no challenge we can answer for {}", b.target.requestUri());
            return false;
        }
        b.started(retry, b.flow, layer.sendRequest(retry, b.flow, b));
        upstream.events().branchSent(b.context.server.request(), retry, b.flow.transport(), b.flow.remote());
        return true;
    }

    @Override
    public void sendCancel(Branch b) {
        layer.sendRequest(Cancels.forInvite(b.request), b.flow, Cancels.IGNORE);
    }

    @Override
    public void relay(ResponseContext ctx, SipResponse response) {
        if (!processor.seesResponses()) {
            upstream.send(ctx.server, response, false);
            return;
        }
        if (ctx.relayTail instanceof CompletableFuture<Void> idle && idle.isDone()) {
            // nothing waiting before it: a hook that answers at once (a 180 without SDP) sends on this loop, no hop
            CompletableFuture<SipResponse> now = hook(ctx.request, response).toCompletableFuture();
            if (now.isDone()) {
                upstream.send(ctx.server, now.join(), false);
                return;
            }
            ctx.relayTail = now.thenAcceptAsync(out -> upstream.send(ctx.server, out, false), MessageScope.on(shard, response));
            return;
        }
        // The hook may complete later: each response waits for the one before it (order kept, §16.7).
        ctx.relayTail = ctx.relayTail
            .thenCompose(v -> hook(ctx.request, response))
            .thenAcceptAsync(out -> upstream.send(ctx.server, out, false), MessageScope.on(shard, response));
    }

    private CompletionStage<SipResponse> hook(MessageContext request, SipResponse response) {
        CompletionStage<SipResponse> stage;
        try {
            stage = processor.relaying(request, response);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            stage = CompletableFuture.completedFuture(null);
        }
        return stage.handle((out, err) -> {
            if (err != null || out == null) {
                stats.relayHookFailures.increment();
                LOG.debug("relaying hook failed on a {} response: sent unchanged ({})", response.status(),
                    err == null ? "no response" : err.toString());
                return response;
            }
            return out;
        });
    }

    @Override
    public SipResponse synthesize(SipRequest req, int status) {
        return responses.synthesize(req, status);
    }

    @Override
    public void contextDone(ResponseContext ctx) {
        contexts.remove(ctx.server);
    }
}
