package io.tandem.launcher;

import io.tandem.grpc.GrpcServer;
import io.tandem.grpc.LinkSecurity;
import java.io.IOException;
import java.net.InetSocketAddress;
import io.tandem.launcher.health.HealthServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * A command that starts one component as a gRPC service ({@code tandem connect}, {@code tandem
 * dispatcher}, {@code tandem location}): reads the configuration, binds {@code --listen} (a taken
 * or bad address ends the command naming it), serves until SIGTERM, then lets calls in progress
 * finish for {@code --grace} and exits 0.
 */
abstract class ServiceCommand implements Callable<Integer> {
    static final Logger LOG = LoggerFactory.getLogger("tandem");

    @CommandLine.Mixin
    ConfigDirOptions dirs = new ConfigDirOptions();

    @Option(names = "--listen", paramLabel = "ADDR:PORT",
        description = "Where the gRPC service listens (port 0 picks a free one; default: the component's port on 0.0.0.0).")
    String listen;

    @Option(names = "--grace", paramLabel = "MS", defaultValue = "5000",
        description = "On SIGTERM, how long calls in progress may take to finish (default: ${DEFAULT-VALUE} ms).")
    long graceMillis;

    @Option(names = "--http", paramLabel = "ADDR:PORT",
        description = "Serve /healthz and /readyz here (readiness: what the component needs answers, e.g. its processors or its store). Default: off.")
    String http;

    @CommandLine.Mixin
    LinkOptions link = new LinkOptions();

    /**
     * What one start of the component gives: its server, what to close after it, what the log
     * says, and what {@code /readyz} checks (name to check, as {@link ServerFeature#readiness}).
     */
    record Started(GrpcServer server, AutoCloseable resources, String description,
                   Map<String, Supplier<CompletionStage<?>>> readiness) {
    }

    /** The component's default --listen (Routr's port). */
    abstract String defaultListen();

    /**
     * Reads the configuration and starts the component on {@code address}; null after a refused
     * configuration (already reported). Throws IOException when the address cannot be bound.
     */
    abstract Started start(InetSocketAddress address, LinkSecurity security) throws IOException;

    @Override
    public final Integer call() throws Exception {
        String value = listen != null ? listen : defaultListen();
        InetSocketAddress address = LinkOptions.address(this, "--listen", value, true).socketAddress();
        LinkSecurity security = link.security(this);
        InetSocketAddress httpAddress = http == null ? null : LinkOptions.address(this, "--http", http, true).socketAddress();
        if (security != null && !security.canServe()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--grpc-ca without --grpc-cert and --grpc-key: a service over "
                + "TLS needs its certificate and key");
        }
        Started started;
        try {
            started = start(address, security);
        } catch (IOException e) {
            LOG.error("cannot listen on {}: {}", value, e.getMessage());
            System.err.println("tandem: cannot listen on " + value + ": " + e.getMessage()
                + " (choose another address with --listen ADDR:PORT; port 0 picks a free one)");
            return 1;
        }
        if (started == null) {
            return 2;
        }
        HealthServer health;
        try {
            health = httpAddress == null ? null : new HealthServer(httpAddress, () -> CompletableFuture.completedFuture(null),
                List::of, started.readiness());
        } catch (IOException e) {
            System.err.println("tandem: cannot serve /healthz and /readyz on " + http + ": " + e.getMessage()
                + " (choose another address with --http ADDR:PORT; port 0 picks a free one)");
            started.server().stop(0);
            started.resources().close();
            return 1;
        }
        if (health != null) {
            LOG.info("health on http://{}:{}/healthz and /readyz", health.address().getHostString(), health.port());
        }
        RunCommand.serving();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping (grace {} ms)", graceMillis);
            if (health != null) {
                health.close();
            }
            started.server().stop(graceMillis);
            try {
                started.resources().close();
            } catch (Exception e) {
                LOG.warn("stopping: {}", e.toString());
            }
            LOG.info("stopped");
            System.out.flush();
            Runtime.getRuntime().halt(0); // a graceful stop is a success (see RunCommand)
        }, "tandem-shutdown"));
        LOG.info("{} serving gRPC{} on {}:{} from {}", started.description(), security == null ? "" : " over TLS",
            address.getHostString(), started.server().port(), dirs.config != null ? dirs.config.toAbsolutePath() : dirs.data.toAbsolutePath());
        started.server().awaitTermination(); // gRPC's threads are daemons: this thread keeps the process until it is stopped
        return 0;
    }

    /** A refused configuration, reported as {@code tandem run} reports it. */
    static Started refused(RuntimeException e) {
        LOG.error("configuration refused: {}", e.getMessage());
        System.err.println("tandem: configuration refused:\n" + e.getMessage());
        return null;
    }
}
