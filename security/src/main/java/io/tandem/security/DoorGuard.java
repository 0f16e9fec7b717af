package io.tandem.security;

import io.tandem.edgeport.Features;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.OutboundFilter;
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
 * accept rate), the inbound filters (ban list, scanner, flood, topology hiding's
 * restoring, length guards), the outbound one (topology hiding's masking), the brute-force listener, the Redis sharing of bans when there is a Redis, and their counters. One per EdgePort
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
    /** Null when {@code topologyHiding} is off. */
    private final TopologyHiding topology;
    private final Door door;
    private final RedisBans shared;
    private final ScheduledExecutorService sweeper;

    DoorGuard(SecurityConfig config, LongSupplier clock, String redisUri, boolean sweep) {
        this(config, clock, redisUri, sweep, null, List.of());
    }

    /** @param topologyKey the key topology hiding seals with; null: a random one (masks do not outlive the process) */
    DoorGuard(SecurityConfig config, LongSupplier clock, String redisUri, boolean sweep, byte[] topologyKey,
              List<String> externalAddrs) {
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
        topology = config.enabled() && config.topology().enabled()
            ? new TopologyHiding(topologyKey != null ? topologyKey : randomKey(), config.topology().exempt(), externalAddrs) : null;
        List<InboundFilter> inbound = topology == null ? List.of(bans, scanners, flood, lengths)
            : List.of(bans, scanners, flood, topology, lengths); // the guards measure what we restored, not our own seals
        door = !config.enabled() ? Door.OPEN
            : new Door(sourceFilters(), inbound, topology == null ? List.<OutboundFilter>of() : List.of(topology));
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
        return from(edge, redisUri, null);
    }

    /** As above; {@code topologyKey} (derived from the server's secret) keys topology hiding's seals. */
    public static DoorGuard from(EdgePortConfig edge, String redisUri, byte[] topologyKey) {
        return new DoorGuard(SecurityConfigReader.read(edge), System::currentTimeMillis, redisUri, true, topologyKey,
            edge.externalAddrs());
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return k;
    }

    /** Topology hiding, or null when it is off; it learns our addresses once the EdgePort has bound them. */
    public TopologyHiding topology() {
        return topology;
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
        r.counter("tandem_security_closed_total", "open connections closed because their source was banned", bans::closedConnections,
            "rule", "ban");
        r.gauge("tandem_security_bans_active", "bans in force", bans::active);
        if (topology != null) {
            String help = "topology hiding: messages masked on the way out, restored on the way in, seals that did not open";
            r.counter("tandem_security_topology_total", help, topology::masked, "action", "masked");
            r.counter("tandem_security_topology_total", help, topology::restored, "action", "restored");
            r.counter("tandem_security_topology_total", help, topology::invalid, "action", "invalid");
        }
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
