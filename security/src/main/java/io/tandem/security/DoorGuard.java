package io.tandem.security;

import io.tandem.edgeport.Features;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.SourceFilter;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Security at the door, assembled from {@code spec.security}: the source filters (ACL, ban list,
 * accept rate), the inbound filters (ban list, scanner, flood, length guards) and the brute-force
 * listener, the Redis sharing of bans when there is a Redis, and their counters. One per EdgePort
 * process; {@link #close()} stops its sweeper and its Redis connections.
 */
public final class DoorGuard implements AutoCloseable {
    /** Rules that set bans, each with its own counter. */
    public static final List<String> BAN_RULES = List.of("flood", "scanner", "brute-force", "config", "manual");

    private final SecurityConfig config;
    private final LongSupplier clock;
    private final BanList bans;
    private final AccessList acl;
    private final AcceptRate acceptRate;
    private final ScannerFilter scanners;
    private final FloodDetector flood;
    private final LengthGuard lengths;
    private final BruteForceDetector bruteForce;
    private final Door door;
    private final RedisBans shared;
    private final ScheduledExecutorService sweeper;

    DoorGuard(SecurityConfig config, LongSupplier clock, String redisUri, boolean sweep) {
        this.config = config;
        this.clock = clock;
        bans = new BanList(clock);
        for (SecurityConfig.StaticBan b : config.bans().list()) {
            long until = b.seconds() == Ban.PERMANENT ? Ban.PERMANENT : clock.getAsLong() + b.seconds() * 1000;
            bans.apply(new Ban(b.network(), "config", b.reason(), clock.getAsLong(), until));
        }
        BanPolicy policy = new BanPolicy(bans, config.trusted(), config.bans().banSeconds());
        acl = new AccessList(config.acl());
        acceptRate = new AcceptRate(config.connections(), config.trusted(), clock);
        scanners = new ScannerFilter(config.scanners().userAgents(), policy);
        flood = new FloodDetector(config.flood(), policy, clock);
        lengths = new LengthGuard(config.lengths());
        bruteForce = new BruteForceDetector(config.bruteForce(), policy, clock);
        door = !config.enabled() ? Door.OPEN : new Door(sourceFilters(), List.<InboundFilter>of(bans, scanners, flood, lengths));
        shared = redisUri != null && config.enabled() && config.bans().shared() ? new RedisBans(redisUri, bans, clock) : null;
        if (shared != null) {
            bans.observe(shared);
        }
        sweeper = !sweep ? null : Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tandem-security").daemon().factory());
        if (sweeper != null) {
            sweeper.scheduleWithFixedDelay(this::sweep, 0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * The guard of an EdgePort document ({@code spec.security}, validated: a bad field throws
     * {@link io.tandem.config.ConfigException}); {@code redisUri} is where bans are
     * shared, or null to keep them local.
     */
    public static DoorGuard from(EdgePortConfig edge, String redisUri) {
        return new DoorGuard(SecurityConfigReader.read(edge), System::currentTimeMillis, redisUri, true);
    }

    private List<SourceFilter> sourceFilters() {
        return config.acl().isOpen() ? List.of(bans, acceptRate) : List.of(acl, bans, acceptRate);
    }

    /** What to give the EdgePort; the guard's counters are registered in {@code metrics}. */
    public Features features(MetricsRegistry metrics) {
        register(metrics);
        return new Features(door, calls(), metrics);
    }

    public Door door() {
        return door;
    }

    /** The brute-force detector, to combine with other listeners ({@link CallListener#all}). */
    public CallListener calls() {
        return config.enabled() ? bruteForce : CallListener.NONE;
    }

    public BanList bans() {
        return bans;
    }

    public SecurityConfig config() {
        return config;
    }

    /** The counters, by metric name and rule, in the order of {@link #register} (for {@code tandem bans}). */
    public List<String> counterLines() {
        MetricsRegistry r = new MetricsRegistry();
        register(r);
        return r.snapshot().stream().map(m -> m.name() + (m.labels().isEmpty() ? "" : "{" + m.labels().get(0) + "=\""
            + m.labels().get(1) + "\"}") + " " + m.value()).toList();
    }

    private void register(MetricsRegistry r) {
        String refusedHelp = "sources refused at the door (datagrams dropped, connections closed at accept), by rule";
        r.counter("tandem_security_refused_total", refusedHelp, bans::refused, "rule", "ban");
        r.counter("tandem_security_refused_total", refusedHelp, acl::refused, "rule", "acl");
        r.counter("tandem_security_refused_total", refusedHelp, acceptRate::refused, "rule", "accept-rate");
        String droppedHelp = "messages turned away by a door filter (dropped, or answered for lengths), by rule";
        r.counter("tandem_security_dropped_total", droppedHelp, scanners::dropped, "rule", "scanner");
        r.counter("tandem_security_dropped_total", droppedHelp, flood::dropped, "rule", "flood");
        r.counter("tandem_security_dropped_total", droppedHelp, lengths::caught, "rule", "length");
        r.counter("tandem_security_auth_failures_total", "failed digest attempts (401/407 to requests with credentials)",
            bruteForce::failures);
        r.gauge("tandem_security_bans_active", "bans in force", bans::active);
        for (String rule : BAN_RULES) {
            r.counter("tandem_security_bans_total", "bans set, by rule", () -> bans.bansTotal(rule), "rule", rule);
        }
    }

    /** Forgets expired bans and old counts; (re)connects to Redis. */
    void sweep() {
        long now = clock.getAsLong();
        bans.sweep();
        acceptRate.sweep(now);
        flood.sweep(now);
        bruteForce.sweep(now);
        if (shared != null) {
            shared.connect();
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (shared != null) {
            shared.close();
        }
    }
}
