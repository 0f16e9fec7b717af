package io.tandem.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryLocationServiceTest extends LocationServiceContract {

    @Override
    protected LocationService newService() {
        return new MemoryLocationService();
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static Route at(ManualClock clock, String user, int port, int expires) {
        return route(user, port, expires, 0).toBuilder().registeredOn(clock.millis()).build();
    }

    @Test
    void expiryFollowsTheInjectedClock() throws Exception {
        ManualClock clock = new ManualClock();
        try (MemoryLocationService s = new MemoryLocationService(clock, Duration.ZERO, Duration.ofMinutes(5))) {
            Route r = at(clock, "a", 5060, 60);
            get(s.addRoute(AOR, r));
            clock.advance(Duration.ofSeconds(59));
            assertThat(get(s.findRoutes(AOR))).containsExactly(r);
            assertThat(r.remainingSeconds(clock.millis())).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            assertThat(get(s.findRoutes(AOR))).isEmpty();
            assertThat(get(s.count())).isZero();
            assertThat(get(s.removeRoute(AOR, r.contactKey()))).isFalse();
        }
    }

    @Test
    void sweepDropsDeadAorsCountersAndAffinities() throws Exception {
        ManualClock clock = new ManualClock();
        try (MemoryLocationService s = new MemoryLocationService(clock, Duration.ZERO, Duration.ofSeconds(30))) {
            get(s.addRoute(AOR, at(clock, "a", 5060, 10)));
            get(s.addRoute(POOL, at(clock, "v", 5070, 100)));
            get(s.findRoutes(POOL, Backend.roundRobin().withAffinity(), "k1"));
            clock.advance(Duration.ofSeconds(20));
            s.sweep();
            assertThat(s.aorCount()).isEqualTo(1);
            assertThat(s.affinityCount()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(20)); // the affinity was last used 40 s ago
            s.sweep();
            assertThat(s.affinityCount()).isZero();
            assertThat(s.aorCount()).isEqualTo(1);
        }
    }

    @Test
    void backgroundSweeperRuns() throws Exception {
        ManualClock clock = new ManualClock();
        try (MemoryLocationService s = new MemoryLocationService(clock, Duration.ofMillis(20), Duration.ofMinutes(1))) {
            get(s.addRoute(AOR, at(clock, "a", 5060, 10)));
            clock.advance(Duration.ofSeconds(11));
            await().atMost(Duration.ofSeconds(2)).until(() -> s.aorCount() == 0);
        }
    }
}
