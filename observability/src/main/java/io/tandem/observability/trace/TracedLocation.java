package io.tandem.observability.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.tandem.location.Backend;
import io.tandem.location.LocationService;
import io.tandem.location.Route;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The Location service with each lookup ({@code findRoutes}) as a span of the current trace ("location lookup"). */
public final class TracedLocation implements LocationService {
    private final LocationService inner;
    private final Tracer tracer;

    public TracedLocation(LocationService inner, Tracer tracer) {
        this.inner = inner;
        this.tracer = tracer;
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor) {
        return traced(aor, inner.findRoutes(aor), startSpan(aor));
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor, Backend backend, String affinityKey) {
        Span span = startSpan(aor);
        return traced(aor, inner.findRoutes(aor, backend, affinityKey), span);
    }

    private Span startSpan(String aor) {
        return tracer.spanBuilder("location lookup").setSpanKind(SpanKind.CLIENT).setParent(CallTracer.current())
            .setAttribute("sip.aor", aor).startSpan();
    }

    private static CompletionStage<List<Route>> traced(String aor, CompletionStage<List<Route>> stage, Span span) {
        return stage.whenComplete((routes, e) -> {
            if (e != null) {
                span.setStatus(StatusCode.ERROR, e.toString());
            } else {
                span.setAttribute("location.routes", (long) routes.size());
            }
            span.end();
        });
    }

    @Override
    public CompletionStage<Void> addRoute(String aor, Route route, int maxContacts) {
        return inner.addRoute(aor, route, maxContacts);
    }

    @Override
    public CompletionStage<Boolean> removeRoute(String aor, String contactKey) {
        return inner.removeRoute(aor, contactKey);
    }

    @Override
    public CompletionStage<Integer> removeRoutes(String aor) {
        return inner.removeRoutes(aor);
    }

    @Override
    public CompletionStage<Long> count() {
        return inner.count();
    }

    @Override
    public CompletionStage<java.util.List<String>> aors(int limit) {
        return inner.aors(limit);
    }

    @Override
    public CompletionStage<Void> ping() {
        return inner.ping();
    }

    @Override
    public void close() {
        inner.close();
    }
}
