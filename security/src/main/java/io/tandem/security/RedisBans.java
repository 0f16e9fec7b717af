package io.tandem.security;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bans shared by every EdgePort on one Redis: a ban made here is stored as
 * {@code tandem:ban:<network>} (expiring with the ban) and published on {@code tandem:bans};
 * each EdgePort applies what the others publish and, when it (re)connects, the stored bans.
 * Lookups never touch Redis: the local {@link BanList} is the one the door reads. While Redis is
 * unreachable bans stay local and a reconnection is tried every few seconds.
 */
final class RedisBans implements BanList.Observer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("tandem.security");
    static final String KEY_PREFIX = "tandem:ban:";
    static final String CHANNEL = "tandem:bans";
    private static final long RETRY_MILLIS = 5000;

    private final String uri;
    private final BanList bans;
    private final LongSupplier clock;
    /** This EdgePort, so that it skips its own messages. */
    private final String origin = UUID.randomUUID().toString();
    private volatile RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private StatefulRedisPubSubConnection<String, String> subscription;
    private long lastAttempt = Long.MIN_VALUE / 2;

    RedisBans(String uri, BanList bans, LongSupplier clock) {
        this.uri = uri;
        this.bans = bans;
        this.clock = clock;
    }

    /** Connects if not connected and not tried in the last few seconds; then loads the stored bans. */
    synchronized void connect() {
        long now = clock.getAsLong();
        if (connection != null || now - lastAttempt < RETRY_MILLIS) {
            return;
        }
        lastAttempt = now;
        RedisURI target = RedisURI.create(uri);
        target.setTimeout(Duration.ofSeconds(2));
        RedisClient c = RedisClient.create(target);
        c.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        try {
            subscription = c.connectPubSub();
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received(message);
                }
            });
            subscription.sync().subscribe(CHANNEL);
            StatefulRedisConnection<String, String> conn = c.connect();
            load(conn.sync());
            client = c;
            connection = conn;
            LOG.info("bans shared through {}", uri.replaceAll("//[^@]*@", "//"));
        } catch (RuntimeException e) {
            c.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            subscription = null;
            LOG.warn("bans not shared (Redis {}): {}; retrying every {} s", uri.replaceAll("//[^@]*@", "//"), e.getMessage(),
                RETRY_MILLIS / 1000);
        }
    }

    private void load(RedisCommands<String, String> redis) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(KEY_PREFIX + "*").limit(500));
            for (String key : page.getKeys()) {
                Ban b = Ban.ofLine(redis.get(key));
                if (b != null) {
                    bans.apply(b);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private void received(String message) {
        int tab = message.indexOf('\t');
        if (tab < 0 || message.startsWith(origin, tab + 1)) {
            return;
        }
        String body = message.substring(message.indexOf('\t', tab + 1) + 1);
        if (message.startsWith("ban\t")) {
            Ban b = Ban.ofLine(body);
            if (b != null) {
                bans.apply(b);
            }
        } else if (message.startsWith("unban\t")) {
            try {
                bans.lift(Network.parse(body));
            } catch (IllegalArgumentException ignored) {
                // not ours
            }
        }
    }

    @Override
    public void banned(Ban ban) {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            return;
        }
        String text = ban.line();
        long ttl = ban.untilMillis() - clock.getAsLong();
        SetArgs args = ban.untilMillis() == Ban.PERMANENT ? new SetArgs() : SetArgs.Builder.px(Math.max(1, ttl));
        c.async().set(KEY_PREFIX + ban.network(), text, args);
        c.async().publish(CHANNEL, "ban\t" + origin + "\t" + text);
    }

    @Override
    public void unbanned(Network network) {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            return;
        }
        c.async().del(KEY_PREFIX + network);
        c.async().publish(CHANNEL, "unban\t" + origin + "\t" + network);
    }

    @Override
    public synchronized void close() {
        RedisClient c = client;
        if (c != null) {
            c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        connection = null;
    }
}
