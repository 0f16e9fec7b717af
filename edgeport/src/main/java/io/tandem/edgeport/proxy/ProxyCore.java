package io.tandem.edgeport.proxy;

import io.tandem.edgeport.dns.Destination;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.transaction.ServerTransaction;
import io.tandem.edgeport.transaction.TimerService;
import io.tandem.edgeport.transaction.TimerSettings;
import io.tandem.edgeport.transaction.TransactionLayer;
import io.tandem.edgeport.transaction.TransactionUser;
import io.tandem.edgeport.transport.Flow;
import io.tandem.edgeport.transport.SipTransport;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.sip.SipMethod;
import io.tandem.sip.SipParseException;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.ResponseEditor;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.validate.Rejection;
import io.tandem.sip.validate.RequestValidator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful proxy core (RFC 3261 §16) of one shard: validates each new request (§16.3),
 * preprocesses its Route (§16.4), asks the Processor what to do, and carries the decision out
 * (respond, forward with forking, or drop). Single-threaded: every method runs on the shard's
 * executor, which also owns the shard's transactions and timers.
 */
public final class ProxyCore implements TransactionUser {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyCore.class);

    private final ProxySettings settings;
    private final LocalAddresses local;
    private final SipTransport transport;
    private final TargetResolver resolver;
    private final Processor processor;
    private final Executor shard;
    private final TimerService timers;
    private final RequestValidator validator = RequestValidator.proxy();
    private final ProxyStats stats;
    private final Map<ServerTransaction, ResponseContext> contexts = new HashMap<>();
    /** Requests whose Processor has not answered yet, with the deadline of its answer. */
    private final Map<ServerTransaction, TimerService.Timer> awaitingDecision = new HashMap<>();
    private final StatelessForwarder stateless;
    private final Advertiser advertiser;
    private final DialogSeal seal;
    private TransactionLayer layer;

    public ProxyCore(ProxySettings settings, LocalAddresses local, SipTransport transport, TargetResolver resolver,
                     Processor processor, Executor shard, TimerService timers, ProxyStats stats, Advertiser advertiser,
                     DialogSeal seal) {
        this.seal = seal;
        this.advertiser = advertiser;
        this.settings = settings;
        this.local = local;
        this.transport = transport;
        this.resolver = resolver;
        this.processor = processor;
        this.shard = shard;
        this.timers = timers;
        this.stats = stats;
        this.stateless = new StatelessForwarder(local, transport, resolver, shard, stats, advertiser, seal);
    }

    /** Connects the transaction layer of this shard (created with this core as its user). */
    public void attach(TransactionLayer transactionLayer) {
        this.layer = transactionLayer;
    }

    TimerService timers() {
        return timers;
    }

    TimerSettings settings() {
        return settings.timers();
    }

    boolean isOwnVia(Via via) {
        return local.isLocal(via);
    }

    // ------------------------------------------------------------------ requests

    @Override
    public void onRequest(ServerTransaction tx, SipRequest req) {
        stats.requests.increment();
        if (req.method() == SipMethod.CANCEL) {
            onCancel(tx, req);
            return;
        }
        if (!settings.methods().isEmpty() && !settings.methods().contains(req.method().name())) {
            if (settings.respondToUnknownMethod()) {
                respond(tx, 405, "Method Not Allowed", new Header("Allow", String.join(", ", settings.methods())));
            } else {
                stats.droppedUnknownMethod.increment();
            }
            return;
        }
        Rejection rejection;
        try {
            rejection = validator.validate(req);
        } catch (SipParseException e) {
            rejection = Rejection.of(400, "Bad Request", e.getMessage());
        }
        boolean toUs = isToUs(req);
        if (rejection != null && !(rejection.status() == 483 && toUs && req.method() == SipMethod.OPTIONS)) {
            stats.rejected.increment();
            LOG.debug("rejecting {} {}: {}", req.method(), req.callId(), rejection);
            Header[] extra = rejection.headers().stream().map(h -> new Header(h[0], h[1])).toArray(Header[]::new);
            respond(tx, rejection.status(), rejection.reason(), extra);
            return;
        }
        if (req.method() == SipMethod.OPTIONS && toUs) {
            // RFC 3261 §11.2: OPTIONS addressed to the server itself (keep-alive pings, readiness).
            respond(tx, 200, "OK", new Header("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, MESSAGE, INFO, UPDATE, PRACK, REFER, NOTIFY, SUBSCRIBE"),
                new Header("Accept", "application/sdp"));
            return;
        }
        String loopHash = BranchIds.loopHash(req);
        if (BranchIds.isLoop(req, loopHash, local)) {
            stats.loops.increment();
            respond(tx, 482, "Loop Detected");
            return;
        }
        if (req.method() == SipMethod.INVITE) {
            tx.sendTrying(); // §16.2: a stateful proxy answers INVITE with 100 at once
        }
        RoutePreprocessor.Result pre = RoutePreprocessor.apply(req, tx.requestFlow(), local, seal);
        MessageContext ctx = context(pre.request(), tx.requestFlow(), pre.sealed());
        CompletionStage<Decision> decision;
        try {
            decision = processor.process(ctx);
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        if (decision == null) { // a broken contract still gets a final response (§16.7: none is left without one)
            decision = CompletableFuture.failedFuture(new NullPointerException("the processor returned no stage"));
        }
        CompletableFuture<Decision> f = decision.toCompletableFuture();
        if (f.isDone()) {
            apply(tx, pre, loopHash, f);
            return;
        }
        TimerService.Timer deadline = timers.schedule(() -> {
            if (awaitingDecision.remove(tx) != null) {
                stats.processorFailures.increment();
                LOG.warn("processor did not answer {} {} within {} ms", req.method(), req.callId(), settings.processorTimeoutMillis());
                respond(tx, 503, "Processor Timeout");
            }
        }, settings.processorTimeoutMillis());
        awaitingDecision.put(tx, deadline);
        f.whenCompleteAsync((d, err) -> {
            TimerService.Timer pending = awaitingDecision.remove(tx);
            if (pending == null) {
                return; // answered already: timed out, CANCELled or failed
            }
            pending.cancel();
            apply(tx, pre, loopHash, f);
        }, shard);
    }

    private void apply(ServerTransaction tx, RoutePreprocessor.Result pre, String loopHash, CompletableFuture<Decision> f) {
        Decision d;
        try {
            d = f.join();
            if (d == null) {
                throw new NullPointerException("the processor's decision is null");
            }
        } catch (RuntimeException e) {
            stats.processorFailures.increment();
            LOG.warn("processor failed on {} {}: {}", pre.request().method(), pre.request().callId(), e.toString());
            respond(tx, 503, "Processor Unavailable");
            return;
        }
        try {
            switch (d) {
                case Decision.Respond r -> respondWith(tx, r);
                case Decision.Drop drop -> {
                    stats.droppedByProcessor.increment();
                    LOG.debug("processor dropped {} {}: {}", pre.request().method(), pre.request().callId(), drop.reason());
                }
                case Decision.Forward fw -> forward(tx, pre, loopHash, fw);
            }
        } catch (RuntimeException e) {
            // A decision that cannot be carried out (a header the Processor made up that is not
            // SIP, a Route that does not parse): still a final response (§16.7, §16.9), at once.
            stats.processorFailures.increment();
            LOG.warn("cannot carry out the processor's decision for {} {}: {}", pre.request().method(), pre.request().callId(),
                e.toString());
            contexts.remove(tx);
            if (!tx.hasFinalResponse()) {
                respond(tx, 500, "Server Internal Error");
            }
        }
    }

    private void forward(ServerTransaction tx, RoutePreprocessor.Result pre, String loopHash, Decision.Forward fw) {
        stats.forwarded.increment();
        SipRequest base = RequestForwarder.common(pre.request(), tx.requestFlow(), fw.headers(), fw.removeHeaders());
        ResponseContext ctx = new ResponseContext(this, tx, base);
        ctx.loopHash = loopHash;
        ctx.flowHint = pre.flowHint();
        contexts.put(tx, ctx);
        ctx.start(fw);
    }

    /**
     * Resolves, connects and sends one branch; failures end the branch with 503 (430 for a failed
     * flow token). Always completes later on the shard, never inside the caller: a branch that
     * failed at once must not end the response context before its sibling branches exist.
     */
    void startBranch(Branch b) {
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
            boolean recordRoute = ctx.base.method() == SipMethod.INVITE || ctx.base.method() == SipMethod.SUBSCRIBE
                || ctx.base.method() == SipMethod.REFER;
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
        }, shard);
    }

    /**
     * RFC 3261 §22.2, §22.3: sends branch {@code b} again with its target's credentials answering
     * {@code challenge}, in a new client transaction over the same flow (the challenge's own
     * transaction ACKs it, §17.1.1.3). False when no challenge of it can be answered.
     */
    boolean resendWithCredentials(Branch b, SipResponse challenge) {
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
        return true;
    }

    /** §9.1: a CANCEL for a branch, sent in its own client transaction over the branch's flow. */
    void sendCancel(Branch b) {
        SipRequest cancel = Cancels.forInvite(b.request);
        layer.sendRequest(cancel, b.flow, Cancels.IGNORE);
    }

    /** §16.10: answer 200 and cancel every pending branch; 481 when nothing matches. */
    private void onCancel(ServerTransaction tx, SipRequest cancel) {
        ServerTransaction invite = layer.findInviteFor(cancel);
        if (invite == null) {
            respond(tx, 481, "Call/Transaction Does Not Exist");
            return;
        }
        respond(tx, 200, "OK");
        TimerService.Timer deciding = awaitingDecision.remove(invite);
        if (deciding != null) {
            // §16.10: nothing was forwarded yet, so nothing to cancel: the 487 goes at once, and the
            // Processor's answer, whenever it comes, is ignored
            deciding.cancel();
            respond(invite, 487, "Request Terminated");
            return;
        }
        ResponseContext ctx = contexts.get(invite);
        if (ctx != null) {
            ctx.cancel();
        }
    }

    void contextDone(ResponseContext ctx) {
        contexts.remove(ctx.server);
    }

    // ------------------------------------------------------------------ responses

    void sendUpstream(ServerTransaction tx, SipResponse r) {
        tx.sendResponse(r);
    }

    /** A response we generate for {@code req} (§8.2.6), with a To tag unless it is 100. */
    SipResponse synthesize(SipRequest req, int status) {
        return build(req, status, reasonOf(status), new Header[0]);
    }

    private void respond(ServerTransaction tx, int status, String reason, Header... headers) {
        tx.sendResponse(build(tx.request(), status, reason, headers));
    }

    private void respondWith(ServerTransaction tx, Decision.Respond r) {
        ResponseEditor e = SipResponse.forRequest(tx.request(), r.status(), r.reason()).edit();
        if (r.status() > 100) {
            e.toTag(toTag());
        }
        for (Header h : r.headers()) {
            e.add(h.name(), h.value());
        }
        if (r.body() != null) {
            e.body(r.body(), r.contentType());
        }
        tx.sendResponse(e.build());
    }

    private SipResponse build(SipRequest req, int status, String reason, Header[] headers) {
        ResponseEditor e = SipResponse.forRequest(req, status, reason).edit();
        if (status > 100) {
            e.toTag(toTag());
        }
        for (Header h : headers) {
            e.add(h.name(), h.value());
        }
        e.add("Server", "Tandem");
        return e.build();
    }

    private static String toTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
    }

    static String reasonOf(int status) {
        return switch (status) {
            case 408 -> "Request Timeout";
            case 430 -> "Flow Failed";
            case 480 -> "Temporarily Unavailable";
            case 487 -> "Request Terminated";
            case 500 -> "Server Internal Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    private boolean isToUs(SipRequest req) {
        try {
            return req.requestUri() instanceof SipUri u && u.user() == null && local.isLocal(u);
        } catch (SipParseException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ stateless paths

    @Override
    public void onAck(SipRequest ack, Flow flow) {
        stateless.forwardAck(ack, flow, req -> {
            MessageContext ctx = context(req, flow, false);
            CompletionStage<Decision> d;
            try {
                d = processor.process(ctx);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(null);
            }
            return d.handle((decision, err) -> decision instanceof Decision.Forward fw ? fw.targets().get(0) : null);
        });
    }

    private MessageContext context(SipRequest req, Flow flow, boolean dialogRouted) {
        return new MessageContext(settings.edgePortRef(), req, flow.transport(),
            flow.remote().getAddress().getHostAddress(), flow.remote().getPort(), flow.local(),
            local.points(), settings.externalAddrs(), settings.localnets(), dialogRouted);
    }

    @Override
    public void onStrayResponse(SipResponse response, Flow flow) {
        stateless.forwardResponse(response);
    }

    @Override
    public void onServerTransactionFailed(ServerTransaction tx, String why) {
        TimerService.Timer deciding = awaitingDecision.remove(tx);
        if (deciding != null) {
            deciding.cancel();
        }
        ResponseContext ctx = contexts.remove(tx);
        if (ctx != null) {
            ctx.cancel();
        }
        LOG.debug("server transaction failed: {}", why);
    }

    /**
     * A request whose Via, CSeq, Call-ID, From or To is missing or malformed: answered 400 (with
     * the problem in the reason) when its top Via can carry a response back, else dropped and counted.
     */
    public void rejectMalformed(SipRequest req, Flow flow, String problem) {
        stats.rejected.increment();
        if (req.method() == SipMethod.ACK) {
            return;
        }
        try {
            Via top = req.topVia();
            if (top != null) {
                String reason = ("Bad Request (" + problem + ")").replaceAll("[\\r\\n]", " ");
                SipResponse bad = SipResponse.forRequest(req, 400, reason);
                try {
                    bad = bad.edit().toTag(toTag()).build(); // §8.2.6.2, when To itself parses
                } catch (SipParseException | IllegalArgumentException malformedTo) {
                    // the To header is the broken one: sent as it came
                }
                flow.forResponse(top).send(bad);
            }
        } catch (SipParseException ignored) {
            // no usable Via: nothing can be sent back
        }
    }

    /** Answers 400 to an unparsable request when a response can be built from what was read (§16.3 step 1). */
    public void onUnparsable(SipParseException error, Flow flow) {
        stats.unparsable.increment();
        if (error.partial() instanceof SipRequest req && req.method() != SipMethod.ACK) {
            try {
                if (req.topVia() != null && req.callId() != null && req.cseq() != null && req.from() != null && req.to() != null) {
                    String reason = "Bad Request (" + error.where() + ": " + error.problem() + ")";
                    flow.forResponse(req.topVia()).send(build(req, 400, reason.replaceAll("[\\r\\n]", " "), new Header[0]));
                }
            } catch (SipParseException ignored) {
                // the headers a response needs are broken too: counted, nothing can be sent back
            }
        }
    }
}
