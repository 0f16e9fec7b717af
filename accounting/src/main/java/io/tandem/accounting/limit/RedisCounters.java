package io.tandem.accounting.limit;

import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Counters in Redis, so that every EdgePort on it enforces one limit: one Lua script takes a share
 * of every slot atomically or of none. A key lives {@code heldTtlSeconds} after its last use (the
 * longest call); a node that dies with calls up leaves its shares until then.
 */
public final class RedisCounters implements CallCounters {
    private static final String ACQUIRE = """
        for i, key in ipairs(KEYS) do
          local n = redis.call('INCR', key)
          redis.call('EXPIRE', key, ARGV[#KEYS + i])
          if n > tonumber(ARGV[i]) then
            for j = 1, i do redis.call('DECR', KEYS[j]) end
            return i - 1
          end
        end
        return -1
        """;
    private static final String PREFIX = "tandem:calls:";

    private final RedisClient client;
    private final RedisURI uri;
    /** The connection, being made or made; a failed attempt is replaced by a new one at the next use. */
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection = new AtomicReference<>();
    private final long heldTtlSeconds;

    /** Connects in the background: a Redis that is down at start is not a start failure (calls under limits get 503 meanwhile). */
    public RedisCounters(String uri, long heldTtlSeconds) {
        this.client = RedisClient.create();
        this.uri = RedisURI.create(uri);
        this.heldTtlSeconds = heldTtlSeconds;
        redis();
    }

    /** The commands, once connected (Lettuce reconnects an established connection by itself); never blocks. */
    private CompletionStage<RedisAsyncCommands<String, String>> redis() {
        CompletableFuture<StatefulRedisConnection<String, String>> c = connection.get();
        if (c == null || c.isCompletedExceptionally()) {
            CompletableFuture<StatefulRedisConnection<String, String>> next =
                client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
            if (connection.compareAndSet(c, next)) {
                c = next;
            } else {
                next.thenAccept(StatefulRedisConnection::closeAsync);
                c = connection.get();
            }
        }
        return c.thenApply(StatefulRedisConnection::async);
    }

    @Override
    public CompletionStage<Integer> acquire(List<Slot> slots) {
        String[] keys = new String[slots.size()];
        String[] args = new String[slots.size() * 2];
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            keys[i] = PREFIX + s.key();
            args[i] = Integer.toString(s.max());
            args[slots.size() + i] = Long.toString(s.held() ? heldTtlSeconds : 2);
        }
        return redis().thenCompose(r -> r.<Long>eval(ACQUIRE, ScriptOutputType.INTEGER, keys, args)).thenApply(Long::intValue);
    }

    @Override
    public void release(List<Slot> slots) {
        redis().thenAccept(r -> {
            for (Slot s : slots) {
                if (s.held()) {
                    r.decr(PREFIX + s.key());
                }
            }
        });
    }

    @Override
    public void close() {
        CompletableFuture<StatefulRedisConnection<String, String>> c = connection.get();
        if (c != null) {
            c.thenAccept(StatefulRedisConnection::close);
        }
        client.shutdown();
    }
}
