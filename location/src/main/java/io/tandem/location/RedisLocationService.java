package io.tandem.location;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider several Tandem instances can share: bindings, round-robin counters and affinities all
 * live in Redis, and each operation is one atomic Lua script ({@link RedisScripts}), so instances
 * see the same bindings and continue each other's rotations.
 *
 * <p>Data layout ({@code P} is the key prefix, default {@code tandem:loc:}; the AOR is a hash tag):
 * <ul>
 *   <li>{@code P{aor}:b} hash: contactKey → Route as JSON</li>
 *   <li>{@code P{aor}:x} sorted set: contactKey scored by its expiry (epoch ms); live means score
 *       &gt; now. Both keys get PEXPIREAT = the latest expiry, so Redis drops a dead AOR by itself;
 *       expired fields are pruned by every write to the AOR and filtered on every read.</li>
 *   <li>{@code P{aor}:rr} string: the AOR's round-robin counter (INCR), expiring with the AOR</li>
 *   <li>{@code P{aor}:a:<affinityKey>} string: the bound contactKey, PX = affinity TTL, renewed on use</li>
 *   <li>{@code Pindex} sorted set: "aor contactKey" scored by expiry, for {@link #count()}</li>
 * </ul>
 * Scripts touch the index together with per-AOR keys, so this targets a standalone Redis (or
 * Sentinel), not Redis Cluster. Expiry compares the callers' clocks, which must be synchronized.
 */
public final class RedisLocationService implements LocationService {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLocationService.class);

    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final RedisClient ownedClient;
    private final String prefix;
    private final String affinityTtlMillis;
    private final Clock clock;

    /**
     * Uses a connection the caller owns (and closes).
     *
     * @param keyPrefix   prefix of every key (e.g. to share a Redis between deployments)
     * @param affinityTtl how long an affinity key stays bound after its last lookup
     */
    public RedisLocationService(StatefulRedisConnection<String, String> connection, String keyPrefix,
                                Duration affinityTtl, Clock clock) {
        this(connection, null, keyPrefix, affinityTtl, clock);
    }

    private RedisLocationService(StatefulRedisConnection<String, String> connection, RedisClient owned,
                                 String keyPrefix, Duration affinityTtl, Clock clock) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.redis = connection.async();
        this.ownedClient = owned;
        this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.affinityTtlMillis = Long.toString(Math.max(1, affinityTtl.toMillis()));
        this.clock = clock;
    }

    /** Connects to {@code redisUri} (e.g. {@code redis://127.0.0.1:6379/0}); default prefix and a 1 h affinity TTL. */
    public static RedisLocationService connect(String redisUri) {
        RedisClient client = RedisClient.create(redisUri);
        // Fail fast while Redis is unreachable (a registrar must answer, not queue), and bound
        // every command: a SIP transaction cannot wait for Lettuce's default of 60 s.
        client.setOptions(ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
            .build());
        try {
            return new RedisLocationService(client.connect(), client, "tandem:loc:", Duration.ofHours(1),
                Clock.systemUTC());
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public CompletionStage<Void> addRoute(String aor, Route route, int maxContacts) {
        long now = clock.millis();
        if (route.expiredAt(now)) {
            return removeRoute(aor, route.contactKey()).thenApply(removed -> null);
        }
        String[] keys = {key(aor, "b"), key(aor, "x"), prefix + "index"};
        return RedisScripts.ADD.<Long>run(redis, ScriptOutputType.INTEGER, keys, route.contactKey(),
                RouteCodec.encode(route), Long.toString(route.expiresAt()), Long.toString(now),
                Integer.toString(Math.max(0, maxContacts)), aor)
            .thenApply(added -> {
                if (added == 0) {
                    throw new MaxContactsExceededException(aor, maxContacts);
                }
                return null;
            });
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor) {
        String[] keys = {key(aor, "b"), key(aor, "x")};
        return RedisScripts.FIND.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, Long.toString(clock.millis()))
            .thenApply(values -> Balancer.newestFirst(decode(values, 0)));
    }

    @Override
    public CompletionStage<List<Route>> findRoutes(String aor, Backend backend, String affinityKey) {
        long now = clock.millis();
        boolean sticky = backend.withSessionAffinity() && affinityKey != null;
        String aff = key(aor, "a:" + (sticky ? affinityKey : ""));
        String[] keys = {key(aor, "b"), key(aor, "x"), key(aor, "rr"), aff};
        return RedisScripts.PICK.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, Long.toString(now),
                affinityTtlMillis, sticky ? "1" : "0")
            .thenCompose(reply -> {
                if (reply.isEmpty()) {
                    return CompletableFuture.completedFuture(List.<Route>of());
                }
                if ("sticky".equals(reply.get(0))) {
                    return CompletableFuture.completedFuture(decode(reply, 1).stream().limit(1).toList());
                }
                List<Route> live = decode(reply, 2);
                if (live.isEmpty()) {
                    return CompletableFuture.completedFuture(List.<Route>of());
                }
                Route candidate = Balancer.pick(live, backend.algorithm(), (Long) reply.get(1) - 1);
                if (!sticky) {
                    return CompletableFuture.completedFuture(List.of(candidate));
                }
                return RedisScripts.STICK.<String>run(redis, ScriptOutputType.VALUE,
                        new String[] {keys[0], keys[1], aff}, candidate.contactKey(), Long.toString(now),
                        affinityTtlMillis)
                    .thenApply(winner -> List.of(winner == null ? candidate : RouteCodec.decode(winner)));
            });
    }

    @Override
    public CompletionStage<Boolean> removeRoute(String aor, String contactKey) {
        String[] keys = {key(aor, "b"), key(aor, "x"), prefix + "index"};
        return RedisScripts.REMOVE.<Long>run(redis, ScriptOutputType.INTEGER, keys, contactKey,
                Long.toString(clock.millis()), aor)
            .thenApply(n -> n == 1);
    }

    @Override
    public CompletionStage<Integer> removeRoutes(String aor) {
        String[] keys = {key(aor, "b"), key(aor, "x"), prefix + "index", key(aor, "rr")};
        return RedisScripts.REMOVE_ALL.<Long>run(redis, ScriptOutputType.INTEGER, keys,
                Long.toString(clock.millis()), aor)
            .thenApply(Long::intValue);
    }

    @Override
    public CompletionStage<Long> count() {
        return RedisScripts.COUNT.run(redis, ScriptOutputType.INTEGER, new String[] {prefix + "index"},
            Long.toString(clock.millis()));
    }

    /** The AORs of the index's live members ("aor contactKey", scored by expiry). */
    @Override
    public CompletionStage<List<String>> aors(int limit) {
        return redis.zrangebyscore(prefix + "index", io.lettuce.core.Range.from(io.lettuce.core.Range.Boundary.excluding(clock.millis()),
            io.lettuce.core.Range.Boundary.unbounded()), io.lettuce.core.Limit.create(0, 10L * limit)).thenApply(members -> {
                java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
                for (String m : members) {
                    int sp = m.indexOf(' ');
                    if (out.size() < limit && sp > 0) {
                        out.add(m.substring(0, sp));
                    }
                }
                return List.copyOf(out);
            });
    }

    /** The Redis key of one of the AOR's structures ({@code b}, {@code x}, {@code rr}, {@code a:<key>}). */
    String key(String aor, String suffix) {
        return prefix + "{" + aor + "}:" + suffix;
    }

    /** Sends PING; fails when Redis does not answer PONG. */
    @Override
    public CompletionStage<Void> ping() {
        return redis.ping().thenApply(pong -> {
            if (!"PONG".equals(pong)) {
                throw new IllegalStateException("Redis answered " + pong + " to PING");
            }
            return (Void) null;
        });
    }

    @Override
    public void close() {
        if (ownedClient != null) {
            connection.close();
            ownedClient.shutdown();
        }
    }

    /** Decodes the JSON values from {@code from} on, skipping missing and unreadable ones. */
    private static List<Route> decode(List<Object> values, int from) {
        List<Route> routes = new ArrayList<>(values.size());
        for (Object v : values.subList(from, values.size())) {
            if (v instanceof String json) {
                try {
                    routes.add(RouteCodec.decode(json));
                } catch (RuntimeException e) {
                    LOG.warn("unreadable binding in Redis skipped: {}", e.toString());
                }
            }
        }
        return routes;
    }
}
