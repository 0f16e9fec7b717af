package io.tandem.observability.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.metrics.MetricsRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * What {@code GET /metrics} answers: the series of the one {@link MetricsRegistry} (written here,
 * read only now: the hot path updates LongAdders and nothing else), then Micrometer's (JVM, GC,
 * threads, CPU and the latency histograms), all labelled with the EdgePort's ref.
 */
public final class Scrape implements AutoCloseable {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Bucket bounds of the latency histograms: a proxy decides in micro- to milliseconds, a remote Processor in more. */
    private static final Duration[] BUCKETS = {Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5)};

    private final MetricsRegistry registry;
    private final String edgePortRef;
    private final PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** The running EdgePort's own registry, when it has one of its own (a failed start's is dropped with it). */
    private volatile MetricsRegistry edgePort;
    /** The registries' part of the exposition, each series' name and labels encoded once. */
    private final PrometheusText text;
    /** The largest exposition so far: the next one's buffer starts that large. */
    private volatile int size = 16_384;

    public Scrape(MetricsRegistry registry, String edgePortRef) {
        this.registry = registry;
        this.edgePortRef = edgePortRef;
        this.text = new PrometheusText(List.of("edgeport", edgePortRef));
        micrometer.config().commonTags(List.of(Tag.of("edgeport", edgePortRef)));
        new JvmMemoryMetrics().bindTo(micrometer);
        gc.bindTo(micrometer);
        new JvmThreadMetrics().bindTo(micrometer);
        new ClassLoaderMetrics().bindTo(micrometer);
        new ProcessorMetrics().bindTo(micrometer);
        new UptimeMetrics().bindTo(micrometer);
    }

    /** A latency histogram, in seconds ({@code NAME_seconds_bucket} etc.). */
    public Timer histogram(String name, String help) {
        return Timer.builder(name).description(help).serviceLevelObjectives(BUCKETS).register(micrometer);
    }

    /**
     * The registry the running EdgePort registered its own counters in, when not the shared one:
     * an EdgePort that failed to start leaves its registrations behind, so each start attempt
     * gets a fresh registry, and the one that started is scraped with the shared one.
     */
    public void edgePortRegistry(MetricsRegistry r) {
        edgePort = r == registry ? null : r;
    }

    /** Every series, as Prometheus text 0.0.4 in UTF-8: what {@code GET /metrics} answers. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        MetricsRegistry e = edgePort;
        text.write(registry.series(), e == null ? List.of() : e.series(), out);
        try {
            micrometer.scrape(out, CONTENT_TYPE);
        } catch (IOException impossible) { // a ByteArrayOutputStream does not fail
            throw new UncheckedIOException(impossible);
        }
        size = Math.max(size, out.size());
        return out.toByteArray();
    }

    /** As {@link #bytes()}, as a String (tests). */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        gc.close();
        micrometer.close();
    }
}
