package io.tandem.grpc;

import io.tandem.processor.Processor;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A gRPC server on one address serving one {@link Processor} ({@link ProcessorService}). */
public final class ProcessorServer implements AutoCloseable {
    private final GrpcServer server;
    private final ProcessorService service;

    private ProcessorServer(GrpcServer server, ProcessorService service) {
        this.server = server;
        this.service = service;
    }

    /** Binds {@code address} (port 0 picks a free one) and serves {@code processor} as {@code name}. */
    public static ProcessorServer start(InetSocketAddress address, String name, Processor processor) throws IOException {
        return start(address, name, processor, null);
    }

    /** As above, over TLS when {@code security} is not null (see {@link LinkSecurity}). */
    public static ProcessorServer start(InetSocketAddress address, String name, Processor processor, LinkSecurity security)
            throws IOException {
        ProcessorService service = new ProcessorService(name, processor);
        return new ProcessorServer(GrpcServer.start(address, security, service), service);
    }

    public int port() {
        return server.port();
    }

    public ProcessorService service() {
        return service;
    }

    /** Blocks the calling thread until the server has stopped. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops accepting and lets calls in progress finish for up to {@code graceMillis}. */
    public void stop(long graceMillis) {
        server.stop(graceMillis);
    }

    @Override
    public void close() {
        stop(0);
    }
}
