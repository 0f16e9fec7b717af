package io.tandem.admin;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
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

/**
 * The admin API's gRPC server: Routr's seven resource services on the store, calls run on virtual threads (the store
 * blocks on JDBC). With {@code spec.api.tls}, gRPC is over TLS and the JSON/HTTP API has an HTTPS server of its own
 * here (the same certificate; client certificates required on both when a client CA is given).
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final Server server;
    private final AdminApi api;
    private final HttpApi http;
    private final HttpsServer https;

    private AdminServer(Server server, AdminApi api, HttpApi http, HttpsServer https) {
        this.server = server;
        this.api = api;
        this.http = http;
        this.https = https;
    }

    public static AdminServer start(AdminSettings settings, StoredProvisioning store) throws IOException {
        AdminApi api = new AdminApi(store);
        NettyServerBuilder b = NettyServerBuilder.forAddress(settings.grpc()).executor(Executors.newVirtualThreadPerTaskExecutor());
        if (settings.tls() != null) {
            settings.tls().server(b);
        }
        for (ServerServiceDefinition s : RoutrGrpc.services(api, settings.keys())) {
            b.addService(s);
        }
        Server server = b.build().start();
        String tls = settings.tls() == null ? "plaintext" : settings.tls().requiresClientCertificates() ? "TLS, client certificates" : "TLS";
        LOG.info("admin API (Routr v2 gRPC, {}) on {}:{}", tls, settings.grpc().getHostString(), server.getPort());
        HttpApi http = new HttpApi(api, settings.keys());
        HttpsServer https = null;
        if (settings.tls() != null) {
            https = HttpsServer.create(settings.https(), 64);
            boolean clientCertificates = settings.tls().requiresClientCertificates();
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls().jdkContext(true)) {
                @Override
                public void configure(HttpsParameters params) {
                    params.setNeedClientAuth(clientCertificates);
                }
            });
            https.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            https.createContext(HttpApi.PREFIX, http);
            https.start();
            LOG.info("admin API (JSON over HTTPS, {}) on https://{}:{}{}", tls, settings.https().getHostString(),
                https.getAddress().getPort(), HttpApi.PREFIX);
        }
        return new AdminServer(server, api, http, https);
    }

    /** Whether the JSON/HTTP API has its own HTTPS server ({@code spec.api.tls}) rather than the --http server. */
    public boolean servesHttps() {
        return https != null;
    }

    /** Serves {@code path} on the HTTPS server too (the live state that wants a key: {@code /registrations}). */
    public void routeHttps(String path, com.sun.net.httpserver.HttpHandler handler) {
        https.createContext(path, handler);
    }

    /** The HTTPS server's port, or -1 without TLS. */
    public int httpsPort() {
        return https == null ? -1 : https.getAddress().getPort();
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
        if (https != null) {
            https.stop(0);
        }
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
