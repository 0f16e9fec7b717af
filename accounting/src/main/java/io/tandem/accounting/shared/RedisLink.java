package io.tandem.accounting.shared;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection to the Redis that accounting shares with the other nodes (the Location's), made
 * in the background: a Redis that is down at start is not a start failure, a failed attempt is
 * made again at the next use, and Lettuce reconnects an established connection by itself.
 */
public final class RedisLink implements AutoCloseable {
    private final RedisClient client;
    private final RedisURI uri;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection = new AtomicReference<>();

    public RedisLink(String uri) {
        this.client = RedisClient.create();
        this.uri = RedisURI.create(uri);
        commands();
    }

    /** The commands, once connected; never blocks. */
    public CompletionStage<RedisAsyncCommands<String, String>> commands() {
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
    public void close() {
        CompletableFuture<StatefulRedisConnection<String, String>> c = connection.get();
        if (c != null) {
            c.thenAccept(StatefulRedisConnection::close);
        }
        client.shutdown();
    }
}
