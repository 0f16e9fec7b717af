package io.tandem.dispatcher;

import io.tandem.dispatcher.DispatcherConfig.MiddlewareSpec;
import io.tandem.dispatcher.DispatcherConfig.ProcessorSpec;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routr's Message Dispatcher, in process: a {@link Processor} that hands each request to the first
 * configured entry whose {@code methods} contain the request's method and whose {@code matchFunc}
 * accepts it, with the {@link Middleware}s around it ({@code before} in order, {@code after} in
 * reverse order, for entries with {@code postProcessor: true}).
 *
 * <ul>
 *   <li>no entry matches: 405 Method Not Allowed, with an Allow header listing every entry's methods;
 *   <li>the chosen Processor is not among those given, throws, returns null or completes
 *       exceptionally: 503 naming it (the middlewares' {@code after} still run);
 *   <li>a Middleware is not among those given or fails: 503 naming it (nothing further runs);
 *   <li>a matchFunc that fails to evaluate: that entry does not match (debug log, {@link #matchFailures()}).
 * </ul>
 * Immutable and thread-safe; no locks. Per request it allocates the CEL activation (when an
 * entry's matchFunc is not {@code true}) and the stages that chain middlewares.
 */
public final class Dispatcher implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private record Route(String ref, Set<String> methods, MatchFunc match, Processor processor) {
    }

    private record Mw(String ref, Middleware impl, boolean post) {
    }

    /** A middleware failed: carries the 503 through the stages. */
    private static final class MiddlewareFailure extends RuntimeException {
        final transient Decision.Respond response;

        MiddlewareFailure(Decision.Respond response) {
            super(response.reason(), null, false, false);
            this.response = response;
        }
    }

    private final String ref;
    private final Route[] routes;
    private final Mw[] middlewares;
    /** The middlewares that see responses, in reverse order (the last to see a request sees its responses first). */
    private final Mw[] responseMiddlewares;
    private final Decision.Respond methodNotAllowed;
    private final LongAdder matchFailures = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder responseFailures = new LongAdder();
    private final LongAdder brokenRequests = new LongAdder();
    /** Middleware and reason of the broken requests already logged (bounded: logs never flood). */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> loggedBreaks = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_LOGGED_BREAKS = 64;

    private Dispatcher(DispatcherConfig config, Map<String, ? extends Processor> processors,
                       Map<String, ? extends Middleware> mws) {
        this.ref = config.ref();
        this.routes = new Route[config.processors().size()];
        Set<String> allow = new LinkedHashSet<>();
        for (int i = 0; i < routes.length; i++) {
            ProcessorSpec p = config.processors().get(i);
            Processor impl = lookup(processors, p.ref(), p.addr(), "processor");
            routes[i] = new Route(printable(p.ref()), Set.copyOf(p.methods()), p.matchFunc(), impl);
            allow.addAll(p.methods());
        }
        this.middlewares = new Mw[config.middlewares().size()];
        for (int i = 0; i < middlewares.length; i++) {
            MiddlewareSpec m = config.middlewares().get(i);
            middlewares[i] = new Mw(printable(m.ref()), lookup(mws, m.ref(), m.addr(), "middleware"), m.postProcessor());
        }
        java.util.List<Mw> seeing = new java.util.ArrayList<>();
        for (int i = middlewares.length - 1; i >= 0; i--) {
            if (middlewares[i].impl() != null && middlewares[i].impl().seesResponses()) {
                seeing.add(middlewares[i]);
            }
        }
        this.responseMiddlewares = seeing.toArray(new Mw[0]);
        this.methodNotAllowed = Decision.respond(405, "Method Not Allowed", new Header("Allow", String.join(", ", allow)));
    }

    /** A Dispatcher with no middlewares; {@code processors} maps a ref (or addr) to its Processor. */
    public static Dispatcher create(DispatcherConfig config, Map<String, ? extends Processor> processors) {
        return new Dispatcher(config, processors, Map.of());
    }

    /** {@code processors} and {@code middlewares} map a ref (or addr) to the in-process implementation. */
    public static Dispatcher create(DispatcherConfig config, Map<String, ? extends Processor> processors,
                                    Map<String, ? extends Middleware> middlewares) {
        return new Dispatcher(config, processors, middlewares);
    }

    @Override
    public CompletionStage<Decision> process(MessageContext context) {
        if (middlewares.length == 0) {
            return route(context);
        }
        return chain(0, context, context).exceptionally(this::failure);
    }

    @Override
    public boolean seesResponses() {
        return responseMiddlewares.length > 0;
    }

    /** Each middleware that sees responses, in reverse order; one that fails passes the response on unchanged. */
    @Override
    public CompletionStage<SipResponse> relaying(MessageContext request, SipResponse response) {
        CompletionStage<SipResponse> stage = CompletableFuture.completedFuture(response);
        for (Mw m : responseMiddlewares) {
            stage = stage.thenCompose(r -> relayThrough(m, request, r));
        }
        return stage;
    }

    private CompletionStage<SipResponse> relayThrough(Mw m, MessageContext request, SipResponse r) {
        CompletionStage<SipResponse> stage;
        try {
            stage = m.impl().relaying(request, r);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(responseFailure(m, r, e));
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(responseFailure(m, r, null));
        }
        return stage.handle((out, ex) -> ex != null || out == null ? responseFailure(m, r, ex) : out);
    }

    /** Each middleware that sees responses, in the same order; one that fails passes the ACK on unchanged. */
    @Override
    public CompletionStage<SipRequest> relayingAck(MessageContext ack) {
        CompletionStage<SipRequest> stage = CompletableFuture.completedFuture(ack.request());
        for (Mw m : responseMiddlewares) {
            stage = stage.thenCompose(a -> ackThrough(m, a == ack.request() ? ack : withRequest(ack, a)));
        }
        return stage;
    }

    private CompletionStage<SipRequest> ackThrough(Mw m, MessageContext ack) {
        CompletionStage<SipRequest> stage;
        try {
            stage = m.impl().relayingAck(ack);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ackFailure(m, ack.request(), e));
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(ackFailure(m, ack.request(), null));
        }
        return stage.handle((out, ex) -> ex != null || out == null ? ackFailure(m, ack.request(), ex) : out);
    }

    private SipRequest ackFailure(Mw m, SipRequest ack, Throwable cause) {
        responseFailures.increment();
        LOG.warn("{}: middleware {} failed on an ACK: relaying it unchanged", ref, m.ref(), cause);
        return ack;
    }

    private static MessageContext withRequest(MessageContext c, SipRequest r) {
        return new MessageContext(c.edgePortRef(), r, c.transport(), c.sourceHost(), c.sourcePort(), c.listeningPoint(),
            c.listeningPoints(), c.externalAddrs(), c.localnets(), c.dialogRouted());
    }

    private SipResponse responseFailure(Mw m, SipResponse r, Throwable cause) {
        responseFailures.increment();
        LOG.warn("{}: middleware {} failed on a {} response: relaying it unchanged", ref, m.ref(), r.status(), cause);
        return r;
    }

    /** Responses and ACKs a middleware failed on (each went on unchanged). */
    public long responseFailures() {
        return responseFailures.sum();
    }

    /** matchFunc evaluations that failed (the entry was skipped). */
    public long matchFailures() {
        return matchFailures.sum();
    }

    /** Requests answered 405: no entry matched. */
    public long unmatched() {
        return unmatched.sum();
    }

    /** Requests answered 503: a Processor or Middleware was missing or failed. */
    public long unavailable() {
        return unavailable.sum();
    }

    /** Middleware {@code i} onwards; {@code original} is the EdgePort's context, {@code ctx} the one middleware i gets. */
    private CompletionStage<Decision> chain(int i, MessageContext original, MessageContext ctx) {
        if (i == middlewares.length) {
            if (ctx.request() == original.request()) {
                return route(ctx);
            }
            RequestEdit edit = RequestEdit.between(original.request(), ctx.request());
            return route(ctx).thenApply(edit::applyTo);
        }
        Mw m = middlewares[i];
        CompletionStage<Decision> inner = guard(m, "before", () -> m.impl().before(ctx))
            .thenCompose(next -> chain(i + 1, original, checked(m, ctx, next)));
        return m.post() ? inner.thenCompose(d -> guard(m, "after", () -> m.impl().after(ctx, d))) : inner;
    }

    /** {@code next} when its request is {@code ctx}'s or an edit a middleware may make; else a 500 naming it. */
    private MessageContext checked(Mw m, MessageContext ctx, MessageContext next) {
        if (next.request() == ctx.request()) {
            return next;
        }
        String refusal;
        try {
            refusal = RequestEdit.refusal(ctx.request(), next.request());
        } catch (RuntimeException e) {
            refusal = "the request is not valid: " + e.getMessage();
        }
        if (refusal != null) {
            throw new MiddlewareFailure(broken(m, refusal));
        }
        return next;
    }

    /** A 500 naming the middleware that sent back a request it may not; logged once per middleware and reason. */
    private Decision.Respond broken(Mw m, String reason) {
        brokenRequests.increment();
        String said = printable(reason);
        if (loggedBreaks.size() < MAX_LOGGED_BREAKS && loggedBreaks.putIfAbsent(m.ref() + '\n' + said, Boolean.TRUE) == null) {
            LOG.warn("{}: middleware {} sent back a request it may not ({}): answering 500 (logged once)", ref, m.ref(), said);
        }
        return Decision.respond(500, "Server Internal Error (middleware " + m.ref() + ": " + said + ")");
    }

    /** Requests answered 500 because a middleware sent back a request it may not ({@link RequestEdit}). */
    public long brokenRequests() {
        return brokenRequests.sum();
    }

    private CompletionStage<Decision> route(MessageContext ctx) {
        String method = ctx.request().method().name();
        RequestVars vars = null;
        for (Route r : routes) {
            if (!r.methods().contains(method)) {
                continue;
            }
            if (!r.match().always()) {
                if (vars == null) {
                    vars = new RequestVars(ctx);
                }
                try {
                    if (!r.match().eval(vars)) {
                        continue;
                    }
                } catch (Exception e) {
                    matchFailures.increment();
                    LOG.debug("{}: matchFunc of processor {} failed on {} ({}): {}", ref, r.ref(), method, r.match(), e.toString());
                    continue;
                }
            }
            return call(r, ctx);
        }
        unmatched.increment();
        return CompletableFuture.completedFuture(methodNotAllowed);
    }

    private CompletionStage<Decision> call(Route r, MessageContext ctx) {
        if (r.processor() == null) {
            return CompletableFuture.completedFuture(unavailable("processor", r.ref(), "not configured", null));
        }
        CompletionStage<Decision> stage;
        try {
            stage = r.processor().process(ctx);
        } catch (Throwable t) {
            rethrowFatal(t);
            return CompletableFuture.completedFuture(unavailable("processor", r.ref(), "threw", t));
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(unavailable("processor", r.ref(), "returned no stage", null));
        }
        if (stage instanceof CompletableFuture<Decision> f && f.isDone() && !f.isCompletedExceptionally() && f.getNow(null) != null) {
            return f;
        }
        return stage.handle((d, ex) -> ex != null ? unavailable("processor", r.ref(), "failed", ex)
            : d == null ? unavailable("processor", r.ref(), "returned no decision", null) : d);
    }

    /** Calls a middleware hook; a missing middleware, a throw, null or a failed stage become a MiddlewareFailure. */
    private <T> CompletionStage<T> guard(Mw m, String hook, Supplier<CompletionStage<T>> call) {
        if (m.impl() == null) {
            return CompletableFuture.failedFuture(new MiddlewareFailure(unavailable("middleware", m.ref(), "not configured", null)));
        }
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (Throwable t) {
            rethrowFatal(t);
            return CompletableFuture.failedFuture(new MiddlewareFailure(unavailable("middleware", m.ref(), hook + " threw", t)));
        }
        if (stage == null) {
            return CompletableFuture.failedFuture(new MiddlewareFailure(unavailable("middleware", m.ref(), hook + " returned no stage", null)));
        }
        return stage.handle((v, ex) -> {
            Middleware.Answer answer = answer(ex);
            if (answer != null) {
                throw answer;
            }
            Middleware.BrokenRequest broken = cause(ex, Middleware.BrokenRequest.class);
            if (broken != null) {
                throw new MiddlewareFailure(broken(m, broken.getMessage()));
            }
            if (ex != null || v == null) {
                throw new MiddlewareFailure(unavailable("middleware", m.ref(), hook + (ex != null ? " failed" : " returned null"), ex));
            }
            return v;
        });
    }

    private Decision failure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MiddlewareFailure f) {
                return f.response;
            }
            if (c instanceof Middleware.Answer a) {
                return a.decision();
            }
        }
        return unavailable("dispatcher", ref, "failed", t);
    }

    /** The middleware's answer a failed stage carries, or null. */
    private static Middleware.Answer answer(Throwable t) {
        return cause(t, Middleware.Answer.class);
    }

    /** The first throwable of type {@code type} in {@code t}'s cause chain, or null. */
    private static <X extends Throwable> X cause(Throwable t, Class<X> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private Decision.Respond unavailable(String kind, String name, String what, Throwable cause) {
        unavailable.increment();
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        LOG.warn("{}: {} {} {}: answering 503", ref, kind, name, what, c);
        return Decision.respond(503, "Service Unavailable (" + kind + " " + name + " " + what + ")");
    }

    private <T> T lookup(Map<String, ? extends T> impls, String name, String addr, String kind) {
        T impl = impls.get(name);
        if (impl == null && addr != null) {
            impl = impls.get(addr);
        }
        if (impl == null) {
            LOG.warn("{}: no in-process {} named {}{}: requests for it will get 503", ref, kind, name,
                addr == null ? "" : " or " + addr);
        }
        return impl;
    }

    private static void rethrowFatal(Throwable t) {
        if (t instanceof VirtualMachineError e) {
            throw e;
        }
    }

    /** A ref fit for a reason phrase: control characters replaced. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return sb.toString();
    }
}
