package io.tandem.connect.it;

import io.tandem.testkit.RedisServer;
import io.tandem.location.LocationService;
import io.tandem.location.RedisLocationService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registrar cases on the Redis Location provider, with a private redis-server per class. */
class RegistrarRedisTest extends RegistrarCases {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    LocationService newLocation() {
        redis.flush();
        return RedisLocationService.connect(redis.uri());
    }
}
