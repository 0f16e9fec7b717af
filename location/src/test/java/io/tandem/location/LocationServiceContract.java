package io.tandem.location;

import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every LocationService provider must do; subclasses supply the provider. */
abstract class LocationServiceContract {
    static final String AOR = "sip:1001@sip.local";
    static final String POOL = "sip:voice@sip.local";

    protected LocationService service;

    /** A fresh provider with no bindings (real clock). */
    protected abstract LocationService newService() throws Exception;

    @BeforeEach
    void createService() throws Exception {
        service = newService();
    }

    @AfterEach
    void closeService() {
        service.close();
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    static Route route(String user, int port, int expires, int sessions) {
        return Route.builder("10.0.0." + (port % 200), port, "udp").user(user).expires(expires)
            .sessionCount(sessions).build();
    }

    static Route route(String user, int port) {
        return route(user, port, 600, -1);
    }

    List<String> users(List<Route> routes) {
        return routes.stream().map(Route::user).toList();
    }

    String pick(String aor, Backend backend, String key) throws Exception {
        List<Route> r = get(service.findRoutes(aor, backend, key));
        assertThat(r).hasSize(1);
        return r.getFirst().user();
    }

    @Test
    void storesEveryFieldOfARoute() throws Exception {
        Route r = Route.builder("192.168.1.20", 5062, "tcp").user("1001")
            .contactUri("<sip:1001@192.168.1.20:5062;transport=tcp;ob>").instance("<urn:uuid:f81d>", 1)
            .received("203.0.113.9", 40123, "TCP").edgePortRef("ep-1")
            .listeningPoints(List.of(new ListeningPoint(Transport.TCP, "10.1.1.1", 5060, "10.1.1.1", 5060)))
            .path(List.of("<sip:edge1.sip.local;lr>", "<sip:edge2.sip.local;lr>")).expires(300)
            .sessionCount(7).labels(Map.of("priority", "1", "region", "us-east")).build();
        get(service.addRoute(AOR, r));

        assertThat(get(service.findRoutes(AOR))).containsExactly(r);
        assertThat(r.contactKey()).isEqualTo("<urn:uuid:f81d>;reg-id=1");
        assertThat(r.transport()).isEqualTo("TCP");
        assertThat(get(service.findRoutes("sip:nobody@sip.local"))).isEmpty();
        assertThat(get(service.findRoutes("sip:nobody@sip.local", Backend.roundRobin()))).isEmpty();
    }

    @Test
    void sameContactKeyReplacesTheBinding() throws Exception {
        Route first = route("1001", 5060, 600, 1);
        get(service.addRoute(AOR, first));
        Route refreshed = first.toBuilder().expires(120).sessionCount(9).received("198.51.100.7", 9999, "UDP")
            .build();
        get(service.addRoute(AOR, refreshed, 1));

        assertThat(get(service.findRoutes(AOR))).containsExactly(refreshed);
        assertThat(get(service.count())).isEqualTo(1);
    }

    @Test
    void severalContactsUpToMaxContactsNewestFirst() throws Exception {
        long now = System.currentTimeMillis();
        for (int i = 1; i <= 3; i++) {
            get(service.addRoute(AOR, route("d" + i, 5060 + i).toBuilder().registeredOn(now + i).build(), 3));
        }
        assertThat(users(get(service.findRoutes(AOR)))).containsExactly("d3", "d2", "d1");

        assertThatThrownBy(() -> get(service.addRoute(AOR, route("d4", 5064), 3)))
            .hasCauseInstanceOf(MaxContactsExceededException.class).hasMessageContaining("maximum of 3");
        get(service.addRoute(AOR, route("d2", 5062), 3)); // a refresh is no new binding
        get(service.addRoute(AOR, route("d4", 5064))); // unlimited
        assertThat(get(service.count())).isEqualTo(4);
    }

    @Test
    void maxContactsHoldsUnderConcurrentAdds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Boolean>> adds = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Route r = route("c" + i, 6000 + i);
                adds.add(CompletableFuture.supplyAsync(() -> service.addRoute(AOR, r, 5), pool)
                    .thenCompose(s -> s).handle((v, e) -> e == null));
            }
            long ok = adds.stream().filter(CompletableFuture::join).count();
            assertThat(ok).isEqualTo(5);
            assertThat(get(service.findRoutes(AOR))).hasSize(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void removesOneOrAllBindings() throws Exception {
        Route a = route("a", 5060);
        Route b = route("b", 5061);
        get(service.addRoute(AOR, a));
        get(service.addRoute(AOR, b));
        get(service.addRoute(POOL, route("v", 5070)));

        assertThat(get(service.removeRoute(AOR, a.contactKey()))).isTrue();
        assertThat(get(service.removeRoute(AOR, a.contactKey()))).isFalse();
        assertThat(get(service.removeRoute("sip:nobody@sip.local", "x"))).isFalse();
        assertThat(get(service.findRoutes(AOR))).containsExactly(b);

        get(service.addRoute(AOR, a));
        assertThat(get(service.removeRoutes(AOR))).isEqualTo(2);
        assertThat(get(service.findRoutes(AOR))).isEmpty();
        assertThat(get(service.count())).isEqualTo(1);
    }

    @Test
    void zeroExpiresRemovesTheBinding() throws Exception {
        Route a = route("a", 5060);
        get(service.addRoute(AOR, a));
        get(service.addRoute(AOR, a.toBuilder().expires(0).build(), 1));
        assertThat(get(service.findRoutes(AOR))).isEmpty();
        assertThat(get(service.count())).isZero();
    }

    @Test
    void expiredBindingsDisappearAndFreeTheirSlot() throws Exception {
        Route shortLived = route("short", 5060, 1, 0);
        Route longLived = route("long", 5061, 600, 50);
        get(service.addRoute(AOR, shortLived, 2));
        get(service.addRoute(AOR, longLived, 2));
        assertThat(get(service.findRoutes(AOR))).hasSize(2);

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
            .until(() -> get(service.findRoutes(AOR)).size() == 1);
        assertThat(get(service.findRoutes(AOR))).containsExactly(longLived);
        assertThat(get(service.count())).isEqualTo(1);
        // the dead binding had the fewest sessions but is never chosen
        assertThat(pick(AOR, Backend.leastSessions(), null)).isEqualTo("long");
        get(service.addRoute(AOR, route("new", 5062), 2)); // its slot is free again
        assertThat(get(service.findRoutes(AOR))).hasSize(2);
    }

    @Test
    void roundRobinRotatesOverLiveRoutesPerAor() throws Exception {
        for (int i = 5; i >= 1; i--) {
            get(service.addRoute(POOL, route("voice0" + i, 5060 + i)));
        }
        get(service.addRoute(AOR, route("x1", 7001)));
        get(service.addRoute(AOR, route("x2", 7002)));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seen.add(pick(POOL, Backend.roundRobin(), null));
            if (i == 1) {
                assertThat(pick(AOR, Backend.roundRobin(), null)).isEqualTo("x1"); // its own counter
            }
        }
        assertThat(seen).containsExactly("voice01", "voice02", "voice03", "voice04", "voice05", "voice01",
            "voice02");

        get(service.removeRoute(POOL, route("voice03", 5063).contactKey()));
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            next.add(pick(POOL, Backend.roundRobin(), null));
        }
        assertThat(next).doesNotContain("voice03").contains("voice01", "voice02", "voice04", "voice05");
    }

    @Test
    void leastSessionsPicksTheLowestReportedCount() throws Exception {
        get(service.addRoute(POOL, route("v1", 5061, 600, 50)));
        get(service.addRoute(POOL, route("v2", 5062, 600, 200)));
        get(service.addRoute(POOL, route("v3", 5063, 600, 5)));
        get(service.addRoute(POOL, route("v4", 5064, 600, -1))); // unknown: last
        assertThat(pick(POOL, Backend.leastSessions(), null)).isEqualTo("v3");
        assertThat(pick(POOL, Backend.leastSessions(), null)).isEqualTo("v3");

        get(service.addRoute(POOL, route("v3", 5063, 600, 500))); // v3 re-registers busier
        assertThat(pick(POOL, Backend.leastSessions(), null)).isEqualTo("v1");
        get(service.addRoute(POOL, route("v2", 5062, 600, 50))); // tie v1/v2: rotates
        List<String> ties = List.of(pick(POOL, Backend.leastSessions(), null), pick(POOL, Backend.leastSessions(), null));
        assertThat(ties).containsExactlyInAnyOrder("v1", "v2");
    }

    @Test
    void sessionAffinityKeepsAKeyOnItsRoute() throws Exception {
        for (int i = 1; i <= 3; i++) {
            get(service.addRoute(POOL, route("conf" + i, 5060 + i)));
        }
        Backend rr = Backend.roundRobin().withAffinity();
        String room1 = pick(POOL, rr, "room-1");
        String room2 = pick(POOL, rr, "room-2");
        assertThat(room2).isNotEqualTo(room1); // new keys still rotate
        for (int i = 0; i < 5; i++) {
            assertThat(pick(POOL, rr, "room-1")).isEqualTo(room1);
            assertThat(pick(POOL, rr, "room-2")).isEqualTo(room2);
            pick(POOL, Backend.roundRobin(), null); // other traffic moves the rotation
        }
        // without affinity the key is ignored
        assertThat(List.of(pick(POOL, Backend.roundRobin(), "room-1"), pick(POOL, Backend.roundRobin(), "room-1")))
            .doesNotHaveDuplicates();
    }

    @Test
    void sessionAffinityFallsBackWhenTheStickyRouteDisappears() throws Exception {
        get(service.addRoute(POOL, route("conf1", 5061, 600, 10)));
        get(service.addRoute(POOL, route("conf2", 5062, 600, 20)));
        Backend ls = Backend.leastSessions().withAffinity();
        assertThat(pick(POOL, ls, "call-abc")).isEqualTo("conf1");
        get(service.addRoute(POOL, route("conf1", 5061, 600, 90))); // busier now, but the key stays
        assertThat(pick(POOL, ls, "call-abc")).isEqualTo("conf1");
        assertThat(pick(POOL, ls, "call-xyz")).isEqualTo("conf2");

        get(service.removeRoute(POOL, route("conf1", 5061).contactKey()));
        assertThat(pick(POOL, ls, "call-abc")).isEqualTo("conf2");
        get(service.addRoute(POOL, route("conf1", 5061, 600, 0))); // back and idle
        assertThat(pick(POOL, ls, "call-abc")).isEqualTo("conf2"); // rebound: stays on conf2
        get(service.removeRoutes(POOL));
        assertThat(get(service.findRoutes(POOL, ls, "call-abc"))).isEmpty();
    }

    @Test
    void countsLiveBindingsOverAllAors() throws Exception {
        assertThat(get(service.count())).isZero();
        get(service.addRoute(AOR, route("a", 5060)));
        get(service.addRoute(AOR, route("b", 5061)));
        get(service.addRoute(POOL, route("v", 5070)));
        assertThat(get(service.count())).isEqualTo(3);
    }

    @Test
    void listsTheAorsWithLiveBindingsUpToALimit() throws Exception {
        assertThat(get(service.aors(10))).isEmpty();
        get(service.addRoute(AOR, route("a", 5060)));
        get(service.addRoute(AOR, route("b", 5061)));
        get(service.addRoute(POOL, route("v", 5070)));
        assertThat(get(service.aors(10))).containsExactlyInAnyOrder(AOR, POOL);
        assertThat(get(service.aors(1))).hasSize(1).isSubsetOf(AOR, POOL);
        get(service.removeRoutes(POOL));
        assertThat(get(service.aors(10))).containsExactly(AOR);
    }
}
