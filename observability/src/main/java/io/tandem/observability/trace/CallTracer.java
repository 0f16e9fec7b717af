package io.tandem.observability.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.tandem.processor.CallListener;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One trace per call attempt (a server transaction): its root span, "edgeport METHOD", opens
 * when the request is received and ends with the transaction; each branch sent is a child span
 * until then; each response sent upstream is an event of the root. The spans of a call live in a
 * map of its shard's thread (a call's events all come on its shard). While the shard handles the
 * call, {@link #current()} gives the call's context to the Processor, DNS and Location spans.
 */
public final class CallTracer implements CallListener {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("sip.method");
    static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("sip.call_id");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("sip.status_code");
    static final AttributeKey<String> PEER = AttributeKey.stringKey("network.peer.address");
    static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("network.transport");
    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();
    /** The trace of each call attempt this thread traces now, by Call-ID: for the log lines of the call. */
    private static final ThreadLocal<Map<String, String>> TRACE_OF_CALL = ThreadLocal.withInitial(HashMap::new);

    private final Tracer tracer;
    private final String edgePortRef;
    private final ThreadLocal<Map<String, Attempt>> attempts = ThreadLocal.withInitial(HashMap::new);

    public CallTracer(Tracer tracer, String edgePortRef) {
        this.tracer = tracer;
        this.edgePortRef = edgePortRef;
    }

    /**
     * The parent for a span of the call being handled: the current span when there is one (a
     * Processor's, while it runs), else the call the calling shard handles now, else none.
     */
    public static Context current() {
        if (Span.current().getSpanContext().isValid()) {
            return Context.current();
        }
        Context c = CURRENT.get();
        return c == null ? Context.current() : c;
    }

    /**
     * The trace id (32 hex digits) of the attempt of call {@code callId} this thread traces now (the
     * latest, when a BYE's attempt overlaps the INVITE's), or null: a call's events all come on its shard.
     */
    public static String traceIdOf(String callId) {
        return callId == null ? null : TRACE_OF_CALL.get().get(callId);
    }

    @Override
    public void requestReceived(MessageContext ctx) {
        SipRequest req = ctx.request();
        String key = key(req);
        if (key == null) {
            return;
        }
        Span root = tracer.spanBuilder("edgeport " + req.method().name()).setSpanKind(SpanKind.SERVER)
            .setParent(Context.root())
            .setAttribute(METHOD, req.method().name()).setAttribute(CALL_ID, req.callId())
            .setAttribute(PEER, ctx.sourceHost() + ":" + ctx.sourcePort()).setAttribute(TRANSPORT, ctx.transport().name())
            .setAttribute("tandem.edgeport", edgePortRef).startSpan();
        Attempt a = new Attempt(root, Context.root().with(root));
        attempts.get().put(key, a);
        TRACE_OF_CALL.get().put(req.callId(), root.getSpanContext().getTraceId());
        CURRENT.set(a.context);
    }

    @Override
    public void branchSent(SipRequest request, SipRequest sent, Transport transport, InetSocketAddress destination) {
        Attempt a = attempt(request);
        if (a != null) {
            a.branches.add(tracer.spanBuilder("branch " + transport + " " + destination.getHostString() + ":" + destination.getPort())
                .setSpanKind(SpanKind.CLIENT).setParent(a.context).setAttribute(TRANSPORT, transport.name())
                .setAttribute(PEER, destination.getHostString() + ":" + destination.getPort()).startSpan());
        }
    }

    @Override
    public void responseSent(SipRequest request, InetSocketAddress source, SipResponse response, boolean local) {
        Attempt a = attempt(request);
        if (a != null) {
            a.root.addEvent("response " + response.status() + (local ? " (local)" : ""));
        }
    }

    @Override
    public void transactionEnded(SipRequest request, int status) {
        String key = key(request);
        Attempt a = key == null ? null : attempts.get().remove(key);
        CURRENT.remove();
        if (a == null) {
            return;
        }
        TRACE_OF_CALL.get().remove(request.callId(), a.root.getSpanContext().getTraceId());
        for (Span b : a.branches) {
            b.end();
        }
        a.root.setAttribute(STATUS, (long) status);
        if (status == 0 || status >= 500) {
            a.root.setStatus(StatusCode.ERROR, status == 0 ? "no final response" : "status " + status);
        }
        a.root.end();
    }

    private Attempt attempt(SipRequest request) {
        String key = key(request);
        Attempt a = key == null ? null : attempts.get().get(key);
        if (a != null) {
            CURRENT.set(a.context);
        }
        return a;
    }

    private static String key(SipRequest r) {
        Via v = r.topVia();
        String branch = v == null ? null : v.branch();
        return branch == null ? null : branch + ' ' + r.method().name();
    }

    private static final class Attempt {
        final Span root;
        final Context context;
        final List<Span> branches = new ArrayList<>(2);

        Attempt(Span root, Context context) {
            this.root = root;
            this.context = context;
        }
    }
}
