package io.tandem.edgeport.proxy;

import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.transaction.ServerTransaction;
import io.tandem.edgeport.transaction.TimerService;
import io.tandem.edgeport.transaction.TransactionLayer;
import io.tandem.edgeport.transaction.TransactionUser;
import io.tandem.edgeport.transport.Flow;
import io.tandem.edgeport.transport.MessageScope;
import io.tandem.edgeport.transport.SipTransport;
import io.tandem.processor.CallListener;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.sip.SipMethod;
import io.tandem.sip.SipParseException;
import io.tandem.sip.header.Via;
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
    private final java.util.Set<String> accepted;
    private final LocalAddresses local;
    private final Processor processor;
    private final Executor shard;
    private final TimerService timers;
    private final RequestValidator validator = RequestValidator.proxy();
    private final ProxyStats stats;
    /** Requests whose Processor has not answered yet, with the deadline of its answer. */
    private final Map<ServerTransaction, TimerService.Timer> awaitingDecision = new HashMap<>();
    private final StatelessForwarder stateless;
    private final DialogSeal seal;
    private final LocalResponses responses;
    private final Upstream upstream;
    private final CallListener events;
    private final ForwardingPort forwarding;
    /** RFC 3261 §11.2: what an OPTIONS to us answers in Allow (spec.methods). */
    private final Header allow;
    private TransactionLayer layer;

    /** @param events the call listeners (see {@link CallListener}); {@link CallListener#NONE} for none */
    public ProxyCore(ProxySettings settings, LocalAddresses local, SipTransport transport, TargetResolver resolver,
                     Processor processor, Executor shard, TimerService timers, ProxyStats stats, Advertiser advertiser,
                     DialogSeal seal, CallListener events) {
        this.seal = seal;
        this.settings = settings;
        this.accepted = java.util.Set.copyOf(settings.methods());
        this.local = local;
        this.processor = processor;
        this.shard = shard;
        this.timers = timers;
        this.stats = stats;
        this.events = GuardedCallListener.of(events, stats);
        this.responses = new LocalResponses(settings.serverHeader());
        this.upstream = new Upstream(this.events);
        this.stateless = new StatelessForwarder(local, transport, resolver, shard, stats, advertiser, seal);
        this.forwarding = new ForwardingPort(settings.timers(), timers, local, transport, resolver, processor, shard, stats,
            advertiser, seal, responses, upstream);
        this.allow = new Header("Allow", String.join(", ", settings.allowed()));
    }

    /** Connects the transaction layer of this shard (created with this core as its user). */
    public void attach(TransactionLayer transactionLayer) {
        this.layer = transactionLayer;
        forwarding.attach(transactionLayer);
    }

    // ------------------------------------------------------------------ requests

    @Override
    public void onRequest(ServerTransaction tx, SipRequest req) {
        stats.requests.increment();
        if (req.method() == SipMethod.CANCEL) {
            onCancel(tx, req);
            return;
        }
        if (!accepted.isEmpty() && !accepted.contains(req.method().name())) {
            if (settings.respondToUnknownMethod()) {
                respond(tx, 405, "Method Not Allowed", allow);
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
            respond(tx, 200, "OK", allow, new Header("Accept", "application/sdp"));
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
        events.requestReceived(ctx);
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
            apply(tx, ctx, pre, loopHash, f);
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
            apply(tx, ctx, pre, loopHash, f);
        }, MessageScope.on(shard, req));
    }

    private void apply(ServerTransaction tx, MessageContext ctx, RoutePreprocessor.Result pre, String loopHash,
                       CompletableFuture<Decision> f) {
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
                    upstream.ended(tx);
                }
                case Decision.Forward fw -> forwarding.forward(tx, ctx, pre, loopHash, fw);
            }
        } catch (RuntimeException e) {
            // A decision that cannot be carried out (a header the Processor made up that is not
            // SIP, a Route that does not parse): still a final response (§16.7, §16.9), at once.
            stats.processorFailures.increment();
            LOG.warn("cannot carry out the processor's decision for {} {}: {}", pre.request().method(), pre.request().callId(),
                e.toString());
            forwarding.remove(tx);
            if (!tx.hasFinalResponse()) {
                respond(tx, 500, "Server Internal Error");
            }
        }
    }

    /** §16.10: answer 200 and cancel every pending branch; 481 when nothing matches. */
    private void onCancel(ServerTransaction tx, SipRequest cancel) {
        ServerTransaction invite = layer.findInviteFor(cancel);
        events.cancelReceived(cancel, invite != null);
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
        ResponseContext ctx = forwarding.contextOf(invite);
        if (ctx != null) {
            ctx.cancel();
        }
    }

    // ------------------------------------------------------------------ responses

    private void respond(ServerTransaction tx, int status, String reason, Header... headers) {
        upstream.send(tx, responses.build(tx.request(), status, reason, headers), true);
    }

    private void respondWith(ServerTransaction tx, Decision.Respond r) {
        upstream.send(tx, responses.of(tx.request(), r), true);
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
        events.ackReceived(ack);
        stateless.forwardAck(ack, flow, req -> {
            MessageContext ctx = context(req, flow, false);
            CompletionStage<Decision> d;
            try {
                d = processor.process(ctx);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(null);
            }
            return d.handle((decision, err) -> decision instanceof Decision.Forward fw ? fw.targets().get(0) : null);
        }, processor.seesResponses() ? req -> processor.relayingAck(context(req, flow, false)) : null);
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
        ResponseContext ctx = forwarding.remove(tx);
        if (ctx != null) {
            ctx.cancel();
        }
        upstream.ended(tx);
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
                    bad = bad.edit().toTag(LocalResponses.toTag()).build(); // §8.2.6.2, when To itself parses
                } catch (SipParseException | IllegalArgumentException malformedTo) {
                    // the To header is the broken one: sent as it came
                }
                flow.forResponse(top).send(bad);
            }
        } catch (SipParseException ignored) {
            // no usable Via: nothing can be sent back
        }
    }

    /**
     * A door filter's rejection (see {@link io.tandem.edgeport.door.Verdict.Reject}), answered
     * statelessly: no transaction is created for what the door turns away. ACKs get nothing (§17.1.1.3).
     */
    public void rejectAtDoor(SipRequest req, Flow flow, io.tandem.edgeport.door.Verdict.Reject reject) {
        if (req.method() == SipMethod.ACK) {
            return;
        }
        try {
            Via top = req.topVia();
            if (top != null && req.callId() != null && req.cseq() != null && req.from() != null && req.to() != null) {
                Header[] extra = reject.headers().toArray(new Header[0]);
                flow.forResponse(top).send(responses.build(req, reject.status(), reject.reason(), extra));
            }
        } catch (SipParseException | IllegalArgumentException unanswerable) {
            // the headers a response needs are broken: the rejection is a drop (counted by the door)
        }
    }

    /** Answers 400 to an unparsable request when a response can be built from what was read (§16.3 step 1). */
    public void onUnparsable(SipParseException error, Flow flow) {
        stats.unparsable.increment();
        if (error.partial() instanceof SipRequest req && req.method() != SipMethod.ACK) {
            try {
                if (req.topVia() != null && req.callId() != null && req.cseq() != null && req.from() != null && req.to() != null) {
                    String reason = "Bad Request (" + error.where() + ": " + error.problem() + ")";
                    flow.forResponse(req.topVia()).send(responses.build(req, 400, reason.replaceAll("[\\r\\n]", " ")));
                }
            } catch (SipParseException ignored) {
                // the headers a response needs are broken too: counted, nothing can be sent back
            }
        }
    }
}
