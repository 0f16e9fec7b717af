package io.tandem.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.tandem.processor.Processor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A gRPC server on one address serving one {@link Processor} ({@link ProcessorService}). */
public final class ProcessorServer implements AutoCloseable {
    private final Server server;
    private final ProcessorService service;

    private ProcessorServer(Server server, ProcessorService service) {
        this.server = server;
        this.service = service;
    }

    /** Binds {@code address} (port 0 picks a free one) and serves {@code processor} as {@code name}. */
    public static ProcessorServer start(InetSocketAddress address, String name, Processor processor) throws IOException {
        ProcessorService service = new ProcessorService(name, processor);
        Server server = NettyServerBuilder.forAddress(address).addService(service).build().start();
        return new ProcessorServer(server, service);
    }

    public int port() {
        return server.getPort();
    }

    public ProcessorService service() {
        return service;
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
