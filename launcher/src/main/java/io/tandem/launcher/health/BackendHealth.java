package io.tandem.launcher.health;

import io.tandem.metrics.MetricsRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The backends' health and latency as metrics: every {@link #EVERY_SECONDS} s each of the checks
 * {@code /readyz} runs (Location and its Redis, the provisioning database, remote processors,
 * rtpengine...) is run once more on one daemon thread, and what it found is kept for the scrape:
 * {@code tandem_backend_up} (1 or 0) and {@code tandem_backend_check_microseconds} (how long the
 * last check took; a check that fails by timing out shows {@link #TIMEOUT_MILLIS}). Labelled
 * {@code backend} with the check's name up to its first " (" ({@code location}, {@code provisioning}).
 */
public final class BackendHealth implements AutoCloseable {
    static final long EVERY_SECONDS = 10;
    static final long TIMEOUT_MILLIS = 2000;

    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;

    private record Probe(Supplier<CompletionStage<?>> check, AtomicLong up, AtomicLong micros) {
    }

    /** Registers the two gauges per check, runs the checks once now and then every {@link #EVERY_SECONDS} s. */
    public BackendHealth(Map<String, Supplier<CompletionStage<?>>> checks, MetricsRegistry metrics) {
        checks.forEach((name, check) -> {
            Probe p = new Probe(check, new AtomicLong(), new AtomicLong());
            String backend = name.contains(" (") ? name.substring(0, name.indexOf(" (")) : name;
            if (probes.putIfAbsent(backend, p) == null) {
                metrics.gauge("tandem_backend_up", "1 while the backend answers its readiness check, else 0", p.up()::get,
                    "backend", backend);
                metrics.gauge("tandem_backend_check_microseconds", "how long the backend's last readiness check took",
                    p.micros()::get, "backend", backend);
            }
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("tandem-backend-health").daemon().unstarted(r));
        timer.scheduleWithFixedDelay(this::checkAll, 0, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    private void checkAll() {
        for (Probe p : probes.values()) {
            long t0 = System.nanoTime();
            boolean ok;
            try {
                p.check().get().toCompletableFuture().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                ok = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) { // failed, timed out, or the check itself threw: down, and why is in /readyz
                ok = false;
            }
            p.micros().set((System.nanoTime() - t0) / 1_000);
            p.up().set(ok ? 1 : 0);
        }
    }

    /** Whether {@code backend} answered its last check (tests). */
    public boolean up(String backend) {
        Probe p = probes.get(backend);
        return p != null && p.up().get() == 1;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
