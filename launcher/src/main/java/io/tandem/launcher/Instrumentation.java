package io.tandem.launcher;

import com.sun.net.httpserver.HttpHandler;
import io.tandem.dispatcher.Dispatcher;
import io.tandem.edgeport.Features;
import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.location.LocationService;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.observability.Observability;
import io.tandem.observability.ObservabilityRoutes;
import io.tandem.observability.ObservabilitySettings;
import io.tandem.processor.Processor;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The launcher's one metrics registry and what observability attaches to the server: the
 * Features of each EdgePort start (call listener, message tap), the decorated Processor,
 * resolver and Location, the Dispatcher's counters, the Location's binding count, and the routes
 * of the health port.
 */
final class Instrumentation implements AutoCloseable {
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

    /**
     * What one EdgePort start gets; its own counters go to a registry of this attempt (a failed
     * start's registrations would refuse the next start's), scraped once it has started.
     */
    Features features() {
        return new Features(Door.OPEN, observability.calls(), new MetricsRegistry(), observability.tap());
    }

    /** The EdgePort started with {@code f}: its counters are scraped from now on. */
    void started(Features f) {
        observability.scrape().edgePortRegistry(f.metrics());
    }

    Processor edgeProcessor(Processor p) {
        return observability.edgeProcessor(p);
    }

    Processor routedProcessor(Processor p, String name) {
        return observability.routedProcessor(p, name);
    }

    TargetResolver resolver(TargetResolver r) {
        return observability.resolver(r);
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
