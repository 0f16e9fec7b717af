package io.tandem.admin;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.tandem.admin.routr.RoutrGrpc;
import io.tandem.provisioning.store.StoredProvisioning;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin API's gRPC server: Routr's seven resource services on the store, calls run on virtual threads (the store blocks on JDBC). */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final Server server;
    private final AdminApi api;
    private final HttpApi http;

    private AdminServer(Server server, AdminApi api, HttpApi http) {
        this.server = server;
        this.api = api;
        this.http = http;
    }

    public static AdminServer start(AdminSettings settings, StoredProvisioning store) throws IOException {
        AdminApi api = new AdminApi(store);
        NettyServerBuilder b = NettyServerBuilder.forAddress(settings.grpc()).executor(Executors.newVirtualThreadPerTaskExecutor());
        for (ServerServiceDefinition s : RoutrGrpc.services(api, settings.keys())) {
            b.addService(s);
        }
        Server server = b.build().start();
        LOG.info("admin API (Routr v2 gRPC) on {}:{}", settings.grpc().getHostString(), server.getPort());
        return new AdminServer(server, api, new HttpApi(api, settings.keys()));
    }

    public AdminApi api() {
        return api;
    }

    /** The JSON/HTTP face of the same services, to mount at {@link HttpApi#PREFIX} of an HTTP server. */
    public HttpApi http() {
        return http;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenSockets().getFirst();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }
}
