package io.tandem.accounting.shared;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.tandem.accounting.call.DialogRecord;
import io.tandem.accounting.call.SharedDialogs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.tandem.edgeport.log.RateLimitedLog;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answered calls of every node in Redis, so that a node can end the calls of one that died.
 * Keys (one Redis, not a cluster: the claim script names keys it computes):
 * <ul>
 *   <li>{@code tandem:dialog:CALL-ID}: the {@link DialogRecord} as JSON, from the answer to the end
 *       (expires {@code recordTtlMillis} after its last write, past the maximum duration);
 *   <li>{@code tandem:dialogs:NODE}: the Call-IDs a node has;
 *   <li>{@code tandem:node:NODE}: the node's heartbeat, written every {@link #HEARTBEAT_MILLIS},
 *       expiring after {@link #OWNER_TIMEOUT_MILLIS}; {@code tandem:nodes}: every node seen.
 * </ul>
 * {@link #takeOver()} claims, in one script (so one survivor only), the dialogs of each node whose
 * heartbeat has expired. Records are written off the caller's thread ({@code writer}): the shard
 * that answers a call only queues it.
 */
public final class RedisDialogs implements SharedDialogs, AutoCloseable {
    /** How often a node says it is alive. */
    public static final long HEARTBEAT_MILLIS = 1_000;
    /** A node silent this long is dead: its dialogs are taken over. */
    public static final long OWNER_TIMEOUT_MILLIS = 3_000;
    private static final RateLimitedLog LOG = RateLimitedLog.of(LoggerFactory.getLogger(RedisDialogs.class));
    private static final String DIALOG = "tandem:dialog:";
    private static final String DIALOGS = "tandem:dialogs:";
    private static final String NODE = "tandem:node:";
    private static final String NODES = "tandem:nodes";
    /** ARGV: the dead node, this node. Returns the records claimed (none if the dead node is alive after all). */
    private static final String CLAIM = """
        if redis.call('EXISTS', 'tandem:node:' .. ARGV[1]) == 1 then return {} end
        local ids = redis.call('SMEMBERS', 'tandem:dialogs:' .. ARGV[1])
        local out = {}
        for _, id in ipairs(ids) do
          local d = redis.call('GET', 'tandem:dialog:' .. id)
          if d then
            redis.call('SADD', 'tandem:dialogs:' .. ARGV[2], id)
            table.insert(out, d)
          end
        end
        redis.call('DEL', 'tandem:dialogs:' .. ARGV[1])
        redis.call('SREM', 'tandem:nodes', ARGV[1])
        return out
        """;

    private final RedisLink redis;
    private final String node;
    private final long recordTtlMillis;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
        Thread.ofPlatform().name("shared-dialogs").daemon().factory());
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param node this node's id (unique per process)
     * @param recordTtlMillis how long a record outlives its last write (longer than the maximum duration)
     */
    public RedisDialogs(RedisLink redis, String node, long recordTtlMillis) {
        this.redis = redis;
        this.node = node;
        this.recordTtlMillis = recordTtlMillis;
    }

    /** Ends the writer thread (what it still holds is written first, for up to a second). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String node() {
        return node;
    }

    @Override
    public void answered(DialogRecord dialog) {
        write(() -> {
            String text = json.writeValueAsString(dialog);
            redis.commands().thenAccept(r -> {
                r.set(DIALOG + dialog.callId(), text, SetArgs.Builder.px(recordTtlMillis));
                r.sadd(DIALOGS + node, dialog.callId());
            }).exceptionally(e -> failed("write the dialog of " + dialog.callId(), e));
        });
    }

    @Override
    public void ended(String callId) {
        write(() -> redis.commands().thenAccept(r -> {
            r.del(DIALOG + callId);
            r.srem(DIALOGS + node, callId);
        }).exceptionally(e -> failed("remove the dialog of " + callId, e)));
    }

    /** On the writer thread; after {@link #close()} (the node stopping) nothing is written. */
    private void write(Runnable task) {
        try {
            writer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("shared dialogs: stopped, a write was not made");
        }
    }

    /** This node is alive: its heartbeat key, and its name among the nodes. */
    public void heartbeat() {
        redis.commands().thenAccept(r -> {
            r.set(NODE + node, Long.toString(System.currentTimeMillis()), SetArgs.Builder.px(OWNER_TIMEOUT_MILLIS));
            r.sadd(NODES, node);
        }).exceptionally(e -> failed("write the heartbeat", e));
    }

    /** This node stops: its heartbeat goes at once, so that another node takes its dialogs over at its next look. */
    public CompletionStage<Void> leave() {
        return redis.commands().thenCompose(r -> r.del(NODE + node)).<Void>thenApply(n -> null)
            .exceptionally(e -> failed("remove the heartbeat", e));
    }

    /** Claims the dialogs of every node whose heartbeat expired; completes with the records claimed. */
    public CompletionStage<List<DialogRecord>> takeOver() {
        return redis.commands().thenCompose(r -> r.smembers(NODES).thenCompose(nodes -> {
            List<CompletableFuture<List<Object>>> claims = new ArrayList<>();
            for (String other : nodes) {
                if (!other.equals(node)) {
                    claims.add(r.<List<Object>>eval(CLAIM, ScriptOutputType.MULTI, new String[0], other, node).toCompletableFuture());
                }
            }
            return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<DialogRecord> out = new ArrayList<>();
                for (CompletableFuture<List<Object>> c : claims) {
                    for (Object text : c.join()) {
                        try {
                            out.add(json.readValue(text.toString(), DialogRecord.class));
                        } catch (RuntimeException e) { // one record that does not read must not cost the others
                            LOG.warn("shared dialogs: a record claimed does not read ({}): {}", e.toString(), text);
                        }
                    }
                }
                return out;
            });
        }));
    }

    private static Void failed(String what, Throwable e) {
        LOG.warn("shared dialogs: could not {}: {}", what, e.toString());
        return null;
    }
}
