package io.tandem.observability;

import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.transport.MessageTap;
import io.tandem.location.LocationService;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.observability.capture.CaptureQueue;
import io.tandem.observability.capture.CapturedMessage;
import io.tandem.observability.flow.CallFlows;
import io.tandem.observability.hep.HepSender;
import io.tandem.observability.hep.HepTap;
import io.tandem.observability.metrics.Scrape;
import io.tandem.observability.metrics.SipTraffic;
import io.tandem.observability.metrics.TimedProcessor;
import io.tandem.observability.trace.CallTracer;
import io.tandem.observability.trace.TracedLocation;
import io.tandem.observability.trace.TracedProcessor;
import io.tandem.observability.trace.TracedResolver;
import io.tandem.processor.CallListener;
import io.tandem.processor.Processor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything observability attaches to one EdgePort, from its settings: the call listener
 * (counters, traces), the message tap (flows, HEP), the decorators of the Processor, resolver and
 * Location (latency, spans), and what the health port serves ({@link #scrape()}, {@link #flows()}).
 * With tracing off no span code runs; with capture off the tap is {@link MessageTap#NONE}.
 */
public final class Observability implements AutoCloseable {
    private final ObservabilitySettings settings;
    private final Scrape scrape;
    private final Timer processorLatency;
    private final io.tandem.metrics.Counter processorErrors;
    private final CallListener calls;
    private final CallFlows flows;
    private final HepTap hep;
    private final CaptureQueue capture;
    private final SdkTracerProvider tracing;
    private final Tracer tracer;

    /** With the OTLP exporter when {@code settings.otlp()} is set. */
    public static Observability start(ObservabilitySettings settings, MetricsRegistry registry, String edgePortRef)
            throws IOException {
        SpanExporter exporter = settings.otlp() == null ? null
            : OtlpHttpSpanExporter.builder().setEndpoint(settings.otlp().toString()).build();
        return new Observability(settings, registry, edgePortRef, exporter);
    }

    /** @param exporter where spans go (an in-memory one in tests), or null for no tracing */
    public Observability(ObservabilitySettings settings, MetricsRegistry registry, String edgePortRef, SpanExporter exporter)
            throws IOException {
        this.settings = settings;
        this.scrape = new Scrape(registry, edgePortRef);
        this.processorLatency = scrape.histogram("tandem_processor_latency", "time the Processor took to decide");
        this.processorErrors = registry.counter("tandem_processor_errors_total", "Processor decisions that failed");
        Timer forwarding = scrape.histogram("tandem_forwarding_latency", "request received to its first branch sent");
        List<CallListener> listeners = new ArrayList<>();
        listeners.add(new SipTraffic(registry, forwarding));
        if (exporter != null) {
            tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"),
                    "tandem", AttributeKey.stringKey("tandem.edgeport"), edgePortRef))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
            tracer = tracing.get("io.tandem.observability");
            listeners.add(new CallTracer(tracer, edgePortRef));
        } else {
            tracing = null;
            tracer = null;
        }
        this.calls = CallListener.all(listeners);
        List<Consumer<CapturedMessage>> consumers = new ArrayList<>();
        flows = settings.flowCalls() > 0 ? new CallFlows(settings.flowCalls(), settings.flowMessages()) : null;
        if (flows != null) {
            consumers.add(flows);
        }
        hep = settings.hep() == null ? null
            : new HepTap(new HepSender(settings.hep()), settings.hepCaptureId(), settings.hepPassword());
        if (hep != null) {
            registry.counter("tandem_hep_sent_total", "HEP packets sent to the collector", hep.sender()::sent);
            registry.counter("tandem_hep_lost_total", "HEP packets that could not be sent", hep.sender()::lost);
        }
        capture = consumers.isEmpty() ? null : new CaptureQueue(settings.captureQueue(), consumers);
        if (capture != null) {
            registry.counter("tandem_capture_messages_total", "messages captured for the call flows", capture::captured);
            registry.counter("tandem_capture_lost_total", "messages not captured: the capture queue was full", capture::lost);
        }
    }

    public ObservabilitySettings settings() {
        return settings;
    }

    /** For the EdgePort's Features. */
    public CallListener calls() {
        return calls;
    }

    /** For the EdgePort's Features. */
    public MessageTap tap() {
        MessageTap flowTap = capture == null ? MessageTap.NONE : capture;
        if (hep == null) {
            return flowTap;
        }
        if (flowTap == MessageTap.NONE) {
            return hep;
        }
        return (direction, transport, local, remote, bytes, epochMicros) -> {
            hep.message(direction, transport, local, remote, bytes, epochMicros);
            flowTap.message(direction, transport, local, remote, bytes, epochMicros);
        };
    }

    /** The Processor the EdgePort calls (the Dispatcher): timed, and a span when tracing. */
    public Processor edgeProcessor(Processor p) {
        Processor timed = new TimedProcessor(p, processorLatency, processorErrors);
        return tracer == null ? timed : new TracedProcessor(timed, tracer, "dispatcher");
    }

    /** A Processor the Dispatcher routes to: a span named after it when tracing. */
    public Processor routedProcessor(Processor p, String name) {
        return tracer == null ? p : new TracedProcessor(p, tracer, "processor " + name);
    }

    public TargetResolver resolver(TargetResolver r) {
        return tracer == null ? r : new TracedResolver(r, tracer);
    }

    public LocationService location(LocationService l) {
        return tracer == null ? l : new TracedLocation(l, tracer);
    }

    public Scrape scrape() {
        return scrape;
    }

    /** The per-call flows, unless {@code --flow-calls 0}. */
    public Optional<CallFlows> flows() {
        return Optional.ofNullable(flows);
    }

    /** Waits until what was captured so far reached the flows and the collector (tests). */
    public void flushCapture() {
        if (capture != null) {
            capture.flush(2000);
        }
        if (hep != null) {
            hep.drain(2000);
        }
    }

    /** Exports the finished spans now (tests). */
    public void flushTraces() {
        if (tracing != null) {
            tracing.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (capture != null) {
            capture.close();
        }
        if (hep != null) {
            hep.close();
        }
        if (tracing != null) {
            tracing.close();
        }
        scrape.close();
    }
}
