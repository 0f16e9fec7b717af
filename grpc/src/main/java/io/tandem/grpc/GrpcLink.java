package io.tandem.grpc;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one gRPC link between components (EdgePort to Dispatcher, Dispatcher to a
 * Processor, Connect to Location): one channel, connected at once, retried every
 * {@value #RECONNECT_MILLIS} ms while it is down (gRPC's own back-off grows to two minutes), so a
 * restarted service is used again within that time; and its readiness for {@code /readyz}. It runs
 * on the process's {@link LinkLoop}, its callbacks too (direct executor).
 */
final class GrpcLink implements AutoCloseable {
    static final long RECONNECT_MILLIS = 500;
    static final long READY_WAIT_MILLIS = 1000;
    /** Schedules the reconnections of every link; one daemon thread, idle while all are up. */
    static final ScheduledExecutorService RECONNECTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tandem-grpc-reconnect");
        t.setDaemon(true);
        return t;
    });

    private final String target;
    private final ManagedChannel channel;

    /** @param target "host:port" (Routr's {@code addr}), or any gRPC target ("dns:///host:port") */
    GrpcLink(String target, LinkSecurity security) {
        this.target = target;
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target).directExecutor()
            .eventLoopGroup(LinkLoop.GROUP).channelType(LinkLoop.clientChannel());
        this.channel = (security == null ? builder.usePlaintext() : security.client(builder)).build();
        channel.getState(true); // connect now, not on the first call
        watchConnection();
    }

    ManagedChannel channel() {
        return channel;
    }

    String target() {
        return target;
    }

    /**
     * Completes when the connection is up; fails at once, naming the address, while it is down
     * (TRANSIENT_FAILURE), and after {@value #READY_WAIT_MILLIS} ms while it is still
     * connecting. Asks for a connection when the channel is idle.
     */
    CompletionStage<Void> readiness() {
        CompletableFuture<Void> out = new CompletableFuture<>();
        awaitReady(channel.getState(true), out);
        RECONNECTS.schedule(() -> out.completeExceptionally(new IllegalStateException(
            "still connecting to " + target + " after " + READY_WAIT_MILLIS + " ms")), READY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        return out;
    }

    private void awaitReady(ConnectivityState state, CompletableFuture<Void> out) {
        switch (state) {
            case READY -> out.complete(null);
            case TRANSIENT_FAILURE, SHUTDOWN -> out.completeExceptionally(new IllegalStateException(
                "unreachable at " + target + " (" + state + ")"));
            default -> channel.notifyWhenStateChanged(state, () -> {
                if (!out.isDone()) {
                    awaitReady(channel.getState(false), out);
                }
            });
        }
    }

    /** While the connection is in TRANSIENT_FAILURE, retries it every RECONNECT_MILLIS instead of gRPC's back-off. */
    private void watchConnection() {
        ConnectivityState state = channel.getState(false);
        if (state == ConnectivityState.SHUTDOWN) {
            return;
        }
        if (state == ConnectivityState.TRANSIENT_FAILURE) {
            RECONNECTS.schedule(() -> {
                channel.resetConnectBackoff();
                watchConnection();
            }, RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.notifyWhenStateChanged(state, this::watchConnection);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
