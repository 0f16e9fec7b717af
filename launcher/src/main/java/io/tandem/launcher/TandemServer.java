package io.tandem.launcher;

import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.Features;
import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.SourceFilter;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.dns.DnsResolver;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.transport.MessageTap;
import io.tandem.edgeport.proxy.DialogSeal;
import io.tandem.launcher.health.BackendHealth;
import io.tandem.launcher.health.HealthServer;
import io.tandem.location.LocationService;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Processor;
import io.tandem.provisioning.LiveProvisioning;
import io.tandem.registration.TrunkRegistrations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every component in one JVM: provisioning, location, the processor and the EdgePort, with the
 * health endpoints. When the EdgePort cannot start (a port taken), the process stays up, says why
 * in {@code /readyz} (red) and retries every few seconds, so an orchestrator sees the problem.
 */
final class TandemServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("tandem");
    private static final long RETRY_SECONDS = 5;

    private final EdgePortConfig edgeConfig;
    private final LiveProvisioning provisioning;
    private final LocationService location;
    private final String locationName;
    private final Processor processor;
    private final DialogSeal seal;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("tandem-retry").daemon().factory());
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private HealthServer health;
    private BackendHealth backendHealth;
    private volatile EdgePort edgePort;
    /** Outbound registration of the trunks with sendRegister; once the EdgePort is up. */
    private volatile TrunkRegistrations registrations;
    private volatile String startProblem = "starting";
    private final List<ServerFeature> features;
    private final MetricsRegistry metrics;

    TandemServer(EdgePortConfig edgeConfig, LiveProvisioning provisioning, LocationService location, String locationName,
                 Processor processor, DialogSeal seal) {
        this(edgeConfig, provisioning, location, locationName, processor, seal, List.of(), new MetricsRegistry());
    }

    /**
     * @param location the Location of this process, or null when none runs here ({@code tandem edgeport})
     * @param processor the routing Processor, already wrapped by the features ({@link ServerFeature#wrap})
     * @param features what attaches to the EdgePort's seams, and follows its life
     * @param metrics the one registry every component registers its counters in
     */
    TandemServer(EdgePortConfig edgeConfig, LiveProvisioning provisioning, LocationService location, String locationName,
                 Processor processor, DialogSeal seal, List<ServerFeature> features, MetricsRegistry metrics) {
        this.features = List.copyOf(features);
        this.metrics = metrics;
        this.edgeConfig = edgeConfig;
        this.seal = seal;
        this.provisioning = provisioning;
        this.location = location;
        this.locationName = locationName;
        this.processor = processor;
    }

    /** Starts health first, then the EdgePort; true if the EdgePort is up now. */
    boolean start(InetSocketAddress http) throws IOException {
        Map<String, Supplier<CompletionStage<?>>> checks = new LinkedHashMap<>();
        checks.put("edgeport", this::started);
        if (location != null) {
            checks.put("location (" + locationName + ")", location::ping);
        }
        checks.put("provisioning (" + provisioning.describe() + ")", provisioning::ping);
        for (ServerFeature f : features) {
            checks.putAll(f.readiness());
        }
        health = new HealthServer(http, this::liveness, this::listeningPoints, checks, this::registrationLines);
        Map<String, Supplier<CompletionStage<?>>> backends = new LinkedHashMap<>(checks);
        backends.remove("edgeport"); // its listeners are probed by /readyz; the rest are what it depends on
        backendHealth = new BackendHealth(backends, metrics);
        for (ServerFeature f : features) {
            f.serve(health);
        }
        LOG.info("health on http://{}:{}/healthz and /readyz; location {}", health.address().getHostString(),
            health.port(), locationName);
        provisioning.startWatching();
        reloadOnHangup();
        return tryStart();
    }

    /**
     * SIGHUP reloads the resources (as a file change does): the new set replaces the old one
     * atomically, or the old one stays and each problem is logged with its file and field.
     */
    private void reloadOnHangup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                var problems = provisioning.reload();
                if (problems.isEmpty()) {
                    LOG.info("SIGHUP: resources reloaded");
                } else {
                    LOG.warn("SIGHUP: resources not reloaded ({} problems); the previous set stays in use", problems.size());
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.debug("SIGHUP is not available here: {}", e.getMessage());
        }
    }

    private boolean tryStart() {
        TargetResolver resolver = DnsResolver.builder().build();
        for (ServerFeature f : features) {
            resolver = f.resolver(resolver);
        }
        EdgePort ep = new EdgePort(edgeConfig, processor, resolver, Math.max(1, Runtime.getRuntime().availableProcessors()), seal,
            edgePortFeatures());
        try {
            ep.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            for (ServerFeature f : features) {
                f.started(ep);
            }
            edgePort = ep;
            startProblem = null;
            startRegistrations(ep);
            return true;
        } catch (Exception e) {
            ep.close();
            String problem = startProblem(e);
            if (!problem.equals(startProblem)) {
                LOG.error("EdgePort cannot start: {}; retrying every {} s", problem, RETRY_SECONDS);
            }
            startProblem = problem;
            retries.schedule(this::tryStart, RETRY_SECONDS, TimeUnit.SECONDS);
            return false;
        }
    }

    /** What the features attach to the EdgePort's seams: door filters (both ways) and call listeners in their order, the registry. */
    private Features edgePortFeatures() {
        List<SourceFilter> sources = new ArrayList<>();
        List<InboundFilter> filters = new ArrayList<>();
        List<io.tandem.edgeport.door.OutboundFilter> outbound = new ArrayList<>();
        List<CallListener> listeners = new ArrayList<>();
        for (ServerFeature f : features) {
            sources.addAll(f.sourceFilters());
            filters.addAll(f.inboundFilters());
            outbound.addAll(f.outboundFilters());
            listeners.addAll(f.callListeners());
        }
        MessageTap tap = null;
        for (ServerFeature f : features) {
            tap = tap != null ? tap : f.tap();
        }
        return new Features(new Door(sources, filters, outbound), CallListener.all(listeners), metrics, tap);
    }

    /** REGISTER for each trunk with sendRegister, through the EdgePort's user agent client; follows reloads. */
    private void startRegistrations(EdgePort ep) {
        TrunkRegistrations r = TrunkRegistrations.over(ep.userAgent());
        registrations = r;
        provisioning.addListener(r);
        r.start(provisioning);
    }

    /** Each trunk's registration, in {@code /readyz}: shown, but a failed one does not make Tandem unready. */
    private List<String> registrationLines() {
        TrunkRegistrations r = registrations;
        return r == null ? List.of() : r.describe();
    }

    /** What a failed start says in the log and in /readyz: the cause's message, else the cause itself. */
    static String startProblem(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    EdgePort edgePort() {
        return edgePort;
    }

    int httpPort() {
        return health.port();
    }

    private List<ListeningPoint> listeningPoints() {
        EdgePort ep = edgePort;
        return ep == null ? List.of() : ep.listeningPoints();
    }

    private CompletionStage<?> started() {
        String p = startProblem;
        return p == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(new IllegalStateException(p));
    }

    /** Every shard's event loop runs a task ({@code transactionCount} hops onto each loop). */
    private CompletionStage<?> liveness() {
        EdgePort ep = edgePort;
        return ep == null ? CompletableFuture.completedFuture(0) : CompletableFuture.supplyAsync(ep::transactionCount, probes);
    }

    /** Graceful stop: health first, then transactions get {@code graceMillis} to finish. */
    void stop(long graceMillis) {
        retries.shutdownNow();
        if (backendHealth != null) {
            backendHealth.close();
        }
        if (health != null) {
            health.close();
        }
        long started = System.nanoTime();
        TrunkRegistrations r = registrations;
        if (r != null) { // de-registration first, within the grace; the EdgePort gets what is left
            provisioning.removeListener(r);
            r.stop(graceMillis);
        }
        EdgePort ep = edgePort;
        if (ep != null) {
            ep.stop(Math.max(0, graceMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        }
        long left = graceMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        for (ServerFeature f : features) { // after the EdgePort: what it ended is written, within what is left of the grace
            f.stop(left);
        }
        provisioning.close();
        if (location != null) {
            location.close();
        }
        probes.shutdownNow();
    }

    @Override
    public void close() {
        stop(0);
    }
}
