package io.tandem.launcher;

import com.sun.net.httpserver.HttpHandler;
import io.tandem.dispatcher.Dispatcher;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.transport.MessageTap;
import io.tandem.launcher.health.HealthServer;
import io.tandem.location.LocationService;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.observability.Observability;
import io.tandem.observability.ObservabilityRoutes;
import io.tandem.observability.ObservabilitySettings;
import io.tandem.processor.CallListener;
import io.tandem.processor.Processor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The launcher's one metrics registry, and observability as a {@link ServerFeature}: the call
 * listener and the message tap of the EdgePort, the timed (and traced) Processor, resolver and
 * Location, the Dispatcher's counters, the Location's binding count, and the routes of the
 * health port (/metrics, /calls).
 */
final class Instrumentation implements ServerFeature, AutoCloseable {
    private final MetricsRegistry registry = new MetricsRegistry();
    private final Observability observability;
    private final AtomicLong bindings = new AtomicLong();
    private volatile long bindingsAsked;

    Instrumentation(ObservabilitySettings settings, String edgePortRef) throws IOException {
        observability = Observability.start(settings, registry, edgePortRef);
    }

    MetricsRegistry registry() {
        return registry;
    }

    @Override
    public List<CallListener> callListeners() {
        return List.of(observability.calls());
    }

    @Override
    public MessageTap tap() {
        return observability.tap();
    }

    /** Outermost: the whole of the processing is timed (and traced). */
    @Override
    public Processor wrap(Processor next) {
        return observability.edgeProcessor(next);
    }

    @Override
    public TargetResolver resolver(TargetResolver next) {
        return observability.resolver(next);
    }

    @Override
    public void serve(HealthServer health) {
        routes().forEach(health::route);
    }

    @Override
    public void stop(long graceMillis) {
        close();
    }

    Processor routedProcessor(Processor p, String name) {
        return observability.routedProcessor(p, name);
    }

    /** Traced when tracing; its live bindings counted in {@code tandem_location_bindings} (asked at most once a second). */
    LocationService location(LocationService l) {
        registry.gauge("tandem_location_bindings", "live registrations (bindings) in the Location service", () -> {
            long now = System.nanoTime();
            if (now - bindingsAsked > TimeUnit.SECONDS.toNanos(1)) {
                bindingsAsked = now;
                l.count().thenAccept(bindings::set);
            }
            return bindings.get();
        });
        return observability.location(l);
    }

    void dispatcher(Dispatcher d) {
        registry.counter("tandem_dispatcher_match_failures_total", "matchFunc evaluations that failed", d::matchFailures);
        registry.counter("tandem_dispatcher_unmatched_total", "requests no entry took (405)", d::unmatched);
        registry.counter("tandem_dispatcher_unavailable_total", "requests whose Processor was missing or failed (503)",
            d::unavailable);
        registry.counter("tandem_dispatcher_response_failures_total", "responses a middleware failed on", d::responseFailures);
    }

    Map<String, HttpHandler> routes() {
        return ObservabilityRoutes.of(observability);
    }

    @Override
    public void close() {
        observability.close();
    }
}
