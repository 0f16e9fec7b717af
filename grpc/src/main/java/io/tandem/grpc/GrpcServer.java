package io.tandem.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on one address (plaintext, or TLS with a {@link LinkSecurity}) serving a component's services, on the
 * process's {@link LinkLoop}: each call is handled on the loop that read it (direct executor), so a service must
 * never block (Tandem's never do: they answer through a CompletionStage).
 */
public final class GrpcServer implements AutoCloseable {
    private final Server server;

    private GrpcServer(Server server) {
        this.server = server;
    }

    /** Binds {@code address} (port 0 picks a free one) and serves {@code services}. */
    public static GrpcServer start(InetSocketAddress address, LinkSecurity security, BindableService... services) throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(address).directExecutor()
            .bossEventLoopGroup(LinkLoop.GROUP).workerEventLoopGroup(LinkLoop.GROUP).channelType(LinkLoop.serverChannel());
        if (security != null) {
            b = security.server(b);
        }
        for (BindableService s : services) {
            b.addService(s);
        }
        return new GrpcServer(b.build().start());
    }

    public int port() {
        return server.getPort();
    }

    /** Blocks the calling thread until the server has stopped (gRPC's threads do not keep a JVM alive). */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops accepting and lets calls in progress finish for up to {@code graceMillis}. */
    public void stop(long graceMillis) {
        server.shutdown();
        try {
            if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(0);
    }
}
