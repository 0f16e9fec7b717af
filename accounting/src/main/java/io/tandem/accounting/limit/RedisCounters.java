package io.tandem.accounting.limit;

import io.lettuce.core.ScriptOutputType;
import io.tandem.accounting.shared.RedisLink;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Counters in Redis, so that every EdgePort on it enforces one limit: one Lua script takes a share
 * of every slot atomically or of none. A key lives {@code heldTtlSeconds} after its last use (the
 * longest call); a node that dies with calls up leaves its shares until then, unless another node
 * takes its dialogs over (shared dialogs) and gives them back when they end.
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

    private final RedisLink redis;
    private final boolean ownsLink;
    private final long heldTtlSeconds;

    /** On {@code redis} (shared with the dialogs; whoever made it closes it). */
    public RedisCounters(RedisLink redis, long heldTtlSeconds) {
        this(redis, false, heldTtlSeconds);
    }

    /** On a connection of its own to {@code uri}, made in the background (calls under limits get 503 until then). */
    public RedisCounters(String uri, long heldTtlSeconds) {
        this(new RedisLink(uri), true, heldTtlSeconds);
    }

    private RedisCounters(RedisLink redis, boolean ownsLink, long heldTtlSeconds) {
        this.redis = redis;
        this.ownsLink = ownsLink;
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
        return redis.commands().thenCompose(r -> r.<Long>eval(ACQUIRE, ScriptOutputType.INTEGER, keys, args)).thenApply(Long::intValue);
    }

    @Override
    public void release(List<Slot> slots) {
        redis.commands().thenAccept(r -> {
            for (Slot s : slots) {
                if (s.held()) {
                    r.decr(PREFIX + s.key());
                }
            }
        });
    }

    @Override
    public void close() {
        if (ownsLink) {
            redis.close();
        }
    }
}
