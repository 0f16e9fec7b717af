package io.tandem.observability.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.tandem.edgeport.dns.Destination;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.sip.uri.SipUri;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** RFC 3263 resolution of a next hop as a span of the call's trace ("dns HOST"), with how many destinations it found. */
public final class TracedResolver implements TargetResolver {
    private final TargetResolver inner;
    private final Tracer tracer;

    public TracedResolver(TargetResolver inner, Tracer tracer) {
        this.inner = inner;
        this.tracer = tracer;
    }

    @Override
    public CompletionStage<List<Destination>> resolve(SipUri uri) {
        Span span = tracer.spanBuilder("dns " + uri.host()).setSpanKind(SpanKind.CLIENT).setParent(CallTracer.current())
            .setAttribute("sip.uri", uri.toString()).startSpan();
        return inner.resolve(uri).whenComplete((ds, e) -> {
            if (e != null) {
                span.setStatus(StatusCode.ERROR, e.toString());
            } else {
                span.setAttribute("dns.destinations", (long) ds.size());
            }
            span.end();
        });
    }
}
