package io.tandem.location;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts that make each Redis operation atomic (see {@link RedisLocationService} for the
 * key layout). Times are epoch milliseconds from the caller's clock; a binding is live while its
 * score in the expiry zset is greater than now.
 */
final class RedisScripts {

    /** KEYS b, x, index; ARGV contactKey, json, expiresAt, now, maxContacts, aor. 1 added, 0 refused. */
    static final RedisScripts ADD = new RedisScripts("""
        local b, x, idx, ck, now, aor = KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[4], ARGV[6]
        for _, k in ipairs(redis.call('ZRANGEBYSCORE', x, '-inf', now)) do
          redis.call('HDEL', b, k)
          redis.call('ZREM', idx, aor .. ' ' .. k)
        end
        redis.call('ZREMRANGEBYSCORE', x, '-inf', now)
        local max = tonumber(ARGV[5])
        if max > 0 and redis.call('HEXISTS', b, ck) == 0 and redis.call('HLEN', b) >= max then return 0 end
        redis.call('HSET', b, ck, ARGV[2])
        redis.call('ZADD', x, ARGV[3], ck)
        redis.call('ZADD', idx, ARGV[3], aor .. ' ' .. ck)
        local last = redis.call('ZRANGE', x, -1, -1, 'WITHSCORES')
        redis.call('PEXPIREAT', b, last[2])
        redis.call('PEXPIREAT', x, last[2])
        return 1
        """);

    /** KEYS b, x; ARGV now. The live bindings' JSON. */
    static final RedisScripts FIND = new RedisScripts("""
        local out = {}
        for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')) do
          out[#out + 1] = redis.call('HGET', KEYS[1], k)
        end
        return out
        """);

    /**
     * KEYS b, x, rr, aff; ARGV now, affinityTtl, useAffinity. {} when no live binding; {'sticky', json}
     * when the affinity key is bound to a live binding (its TTL is renewed); else {'pick', counter,
     * json...} with the AOR's round-robin counter incremented.
     */
    static final RedisScripts PICK = new RedisScripts("""
        local now = tonumber(ARGV[1])
        local live = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES')
        if #live == 0 then return {} end
        if ARGV[3] == '1' then
          local cur = redis.call('GET', KEYS[4])
          local s = cur and redis.call('ZSCORE', KEYS[2], cur)
          if s and tonumber(s) > now then
            redis.call('PEXPIRE', KEYS[4], ARGV[2])
            return {'sticky', redis.call('HGET', KEYS[1], cur)}
          end
        end
        local out = {'pick', redis.call('INCR', KEYS[3])}
        redis.call('PEXPIREAT', KEYS[3], live[#live])
        for i = 1, #live, 2 do out[#out + 1] = redis.call('HGET', KEYS[1], live[i]) end
        return out
        """);

    /**
     * KEYS b, x, aff; ARGV candidateKey, now, affinityTtl. Binds the affinity key to the candidate
     * unless another instance bound it to a live binding meanwhile: then returns that one's JSON.
     */
    static final RedisScripts STICK = new RedisScripts("""
        local cur = redis.call('GET', KEYS[3])
        if cur and cur ~= ARGV[1] then
          local s = redis.call('ZSCORE', KEYS[2], cur)
          if s and tonumber(s) > tonumber(ARGV[2]) then
            redis.call('PEXPIRE', KEYS[3], ARGV[3])
            return redis.call('HGET', KEYS[1], cur)
          end
        end
        redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[3])
        return false
        """);

    /** KEYS b, x, index; ARGV contactKey, now, aor. 1 when a live binding was removed. */
    static final RedisScripts REMOVE = new RedisScripts("""
        local s = redis.call('ZSCORE', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[3] .. ' ' .. ARGV[1])
        local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
        if #last > 0 then
          redis.call('PEXPIREAT', KEYS[1], last[2])
          redis.call('PEXPIREAT', KEYS[2], last[2])
        end
        if s and tonumber(s) > tonumber(ARGV[2]) then return 1 end
        return 0
        """);

    /** KEYS b, x, index, rr; ARGV now, aor. Number of live bindings removed. */
    static final RedisScripts REMOVE_ALL = new RedisScripts("""
        local n = redis.call('ZCOUNT', KEYS[2], '(' .. ARGV[1], '+inf')
        for _, k in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
          redis.call('ZREM', KEYS[3], ARGV[2] .. ' ' .. k)
        end
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
        return n
        """);

    /** KEYS index; ARGV now. Live bindings over all AORs (prunes the index). */
    static final RedisScripts COUNT = new RedisScripts("""
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        return redis.call('ZCARD', KEYS[1])
        """);

    private final String text;
    private final String sha;

    private RedisScripts(String text) {
        this.text = text;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            this.sha = HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** EVALSHA, falling back to EVAL (which caches the script) when the server does not know it. */
    <T> CompletionStage<T> run(RedisAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys,
                               String... args) {
        CompletableFuture<T> first = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
        return first.exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return cause instanceof RedisNoScriptException
                ? redis.<T>eval(text, type, keys, args)
                : CompletableFuture.failedStage(cause);
        });
    }
}
