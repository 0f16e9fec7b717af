package io.tandem.location;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default, single-instance provider. Each AOR maps to an immutable snapshot of its bindings,
 * replaced atomically with {@link ConcurrentHashMap#compute}: writers to one AOR serialize on that
 * entry only, readers never lock. Expired bindings are filtered on every read, dropped by every
 * write to their AOR, and swept periodically with stale round-robin counters and affinities.
 */
public final class MemoryLocationService implements LocationService {
    private record AffinityKey(String aor, String key) {
    }

    private record Sticky(String contactKey, long expiresAt) {
    }

    private final Clock clock;
    private final long affinityTtlMillis;
    private final ConcurrentHashMap<String, Map<String, Route>> bindings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AffinityKey, Sticky> affinities = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /** System clock, sweep every 30 s, affinities live 1 h after their last use. */
    public MemoryLocationService() {
        this(Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofHours(1));
    }

    /**
     * @param clock         the time expiries are compared with
     * @param sweepInterval period of the background sweep; zero or negative disables it
     * @param affinityTtl   how long an affinity key stays bound after its last lookup
     */
    public MemoryLocationService(Clock clock, Duration sweepInterval, Duration affinityTtl) {
        this.clock = clock;
        this.affinityTtlMillis = affinityTtl.toMillis();
        if (sweepInterval.isPositive()) {
            sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("location-sweeper").factory());
            long ms = sweepInterval.toMillis();
            sweeper.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            sweeper = null;
        }
    }

    @Override
    public CompletionStage<Void> addRoute(String aor, Route route, int maxContacts) {
        long now = clock.millis();
        if (route.expiredAt(now)) {
            return removeRoute(aor, route.contactKey()).thenApply(removed -> null);
        }
        try {
            bindings.compute(aor, (k, current) -> {
                Map<String, Route> next = new HashMap<>(live(current, now));
                if (maxContacts > 0 && !next.containsKey(route.contactKey()) && next.size() >= maxContacts) {
                    throw new MaxContactsExceededException(aor, maxContacts);
                }
                next.put(route.contactKey(), route);
                return Map.copyOf(next);
            });
            return CompletableFuture.completedFuture(null);
        } catch (MaxContactsExceededException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor) {
        return CompletableFuture.completedFuture(
            Balancer.newestFirst(live(bindings.get(aor), clock.millis()).values()));
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor, Backend backend, String affinityKey) {
        long now = clock.millis();
        Map<String, Route> live = live(bindings.get(aor), now);
        if (live.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        if (!backend.withSessionAffinity() || affinityKey == null) {
            return CompletableFuture.completedFuture(List.of(pick(aor, live, backend)));
        }
        Route[] chosen = new Route[1];
        affinities.compute(new AffinityKey(aor, affinityKey), (k, sticky) -> {
            Route r = sticky == null || sticky.expiresAt() <= now ? null : live.get(sticky.contactKey());
            chosen[0] = r != null ? r : pick(aor, live, backend);
            return new Sticky(chosen[0].contactKey(), now + affinityTtlMillis);
        });
        return CompletableFuture.completedFuture(List.of(chosen[0]));
    }

    @Override
    public CompletionStage<Boolean> removeRoute(String aor, String contactKey) {
        long now = clock.millis();
        boolean[] removed = {false};
        bindings.computeIfPresent(aor, (k, current) -> {
            Map<String, Route> next = new HashMap<>(live(current, now));
            removed[0] = next.remove(contactKey) != null;
            return next.isEmpty() ? null : Map.copyOf(next);
        });
        return CompletableFuture.completedFuture(removed[0]);
    }

    @Override
    public CompletionStage<Integer> removeRoutes(String aor) {
        long now = clock.millis();
        Map<String, Route> removed = bindings.remove(aor);
        counters.remove(aor);
        return CompletableFuture.completedFuture(live(removed, now).size());
    }

    @Override
    public CompletionStage<Long> count() {
        long now = clock.millis();
        long n = 0;
        for (Map<String, Route> routes : bindings.values()) {
            for (Route r : routes.values()) { // counted in place: no stream, no copy of a snapshot with expired bindings
                if (!r.expiredAt(now)) {
                    n++;
                }
            }
        }
        return CompletableFuture.completedFuture(n);
    }

    @Override
    public CompletionStage<List<String>> aors(int limit) {
        long now = clock.millis();
        List<String> out = new java.util.ArrayList<>();
        for (Map.Entry<String, Map<String, Route>> e : bindings.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            if (!live(e.getValue(), now).isEmpty()) {
                out.add(e.getKey());
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    /** Drops expired bindings, emptied AORs, their round-robin counters and expired affinities. */
    public void sweep() {
        long now = clock.millis();
        for (String aor : bindings.keySet()) {
            bindings.computeIfPresent(aor, (k, current) -> {
                Map<String, Route> next = live(current, now);
                return next.isEmpty() ? null : next;
            });
        }
        counters.keySet().removeIf(aor -> !bindings.containsKey(aor));
        affinities.values().removeIf(s -> s.expiresAt() <= now);
    }

    /** AORs currently held (live or not yet swept); for tests and metrics. */
    int aorCount() {
        return bindings.size();
    }

    /** Affinities currently held; for tests. */
    int affinityCount() {
        return affinities.size();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private Route pick(String aor, Map<String, Route> live, Backend backend) {
        long n = counters.computeIfAbsent(aor, k -> new AtomicLong()).getAndIncrement();
        return Balancer.pick(List.copyOf(live.values()), backend.algorithm(), n);
    }

    /** The unexpired part of a snapshot; the snapshot itself when nothing expired. */
    private static Map<String, Route> live(Map<String, Route> routes, long now) {
        if (routes == null) {
            return Map.of();
        }
        if (routes.values().stream().noneMatch(r -> r.expiredAt(now))) {
            return routes;
        }
        Map<String, Route> next = new HashMap<>();
        routes.forEach((k, r) -> {
            if (!r.expiredAt(now)) {
                next.put(k, r);
            }
        });
        return Map.copyOf(next);
    }
}
