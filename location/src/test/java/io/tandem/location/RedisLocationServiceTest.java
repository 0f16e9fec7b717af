package io.tandem.location;

import io.tandem.testkit.RedisServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against a private redis-server, plus what only a shared store can do. */
class RedisLocationServiceTest extends LocationServiceContract {
    private static RedisServer server;
    private static RedisClient client;
    private static RedisCommands<String, String> admin;
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        admin = client.connect().sync();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected LocationService newService() {
        admin.flushall();
        return instance("tandem:loc:");
    }

    private RedisLocationService instance(String prefix) {
        StatefulRedisConnection<String, String> c = client.connect();
        connections.add(c);
        return new RedisLocationService(c, prefix, Duration.ofMinutes(5), Clock.systemUTC());
    }

    @AfterEach
    void closeConnections() {
        connections.forEach(StatefulRedisConnection::close);
    }

    @Test
    void twoInstancesShareBindingsRotationAndAffinity() throws Exception {
        RedisLocationService other = instance("tandem:loc:");
        get(service.addRoute(POOL, route("v1", 5061)));
        get(other.addRoute(POOL, route("v2", 5062)));
        get(other.addRoute(POOL, route("v3", 5063)));
        assertThat(users(get(service.findRoutes(POOL)))).containsExactlyInAnyOrder("v1", "v2", "v3");

        List<String> rotation = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            LocationService s = i % 2 == 0 ? service : other;
            rotation.add(get(s.findRoutes(POOL, Backend.roundRobin())).getFirst().user());
        }
        assertThat(rotation).containsExactly("v1", "v2", "v3", "v1", "v2", "v3");

        Backend sticky = Backend.roundRobin().withAffinity();
        String bound = get(service.findRoutes(POOL, sticky, "room-9")).getFirst().user();
        assertThat(get(other.findRoutes(POOL, sticky, "room-9")).getFirst().user()).isEqualTo(bound);

        assertThat(get(other.removeRoutes(POOL))).isEqualTo(3);
        assertThat(get(service.findRoutes(POOL))).isEmpty();
    }

    @Test
    void layoutUsesHashZsetAndTtls() throws Exception {
        RedisLocationService s = (RedisLocationService) service;
        Route r = route("a", 5060, 1, 3);
        get(s.addRoute(AOR, r));
        get(s.findRoutes(AOR, Backend.roundRobin()));
        String b = s.key(AOR, "b");
        assertThat(b).isEqualTo("tandem:loc:{sip:1001@sip.local}:b");
        assertThat(admin.hget(b, r.contactKey())).contains("\"receivedHost\"");
        assertThat(admin.zscore(s.key(AOR, "x"), r.contactKey())).isEqualTo((double) r.expiresAt());
        assertThat(admin.pttl(b)).isBetween(1L, 1000L);
        assertThat(admin.pttl(s.key(AOR, "rr"))).isBetween(1L, 1000L);

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
            .until(() -> admin.exists(b, s.key(AOR, "x"), s.key(AOR, "rr")) == 0);
        assertThat(get(s.count())).isZero();
    }

    @Test
    void prefixesIsolateDeployments() throws Exception {
        RedisLocationService other = instance("staging:loc:");
        get(service.addRoute(AOR, route("a", 5060)));
        assertThat(get(other.findRoutes(AOR))).isEmpty();
        assertThat(get(other.count())).isZero();
    }

    @Test
    void survivesAScriptCacheFlush() throws Exception {
        get(service.addRoute(AOR, route("a", 5060)));
        admin.scriptFlush();
        assertThat(get(service.findRoutes(AOR))).hasSize(1);
        get(service.addRoute(AOR, route("b", 5061)));
        assertThat(get(service.count())).isEqualTo(2);
    }
}
