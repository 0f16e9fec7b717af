package io.tandem.accounting.limit;

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
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final long heldTtlSeconds;

    public RedisCounters(String uri, long heldTtlSeconds) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.redis = connection.async();
        this.heldTtlSeconds = heldTtlSeconds;
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
        return redis.<Long>eval(ACQUIRE, ScriptOutputType.INTEGER, keys, args).thenApply(Long::intValue);
    }

    @Override
    public void release(List<Slot> slots) {
        for (Slot s : slots) {
            if (s.held()) {
                redis.decr(PREFIX + s.key());
            }
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
