package io.tandem.launcher;

import io.tandem.config.ConfigException;
import io.tandem.connect.ConnectProcessor;
import io.tandem.connect.ConnectSettings;
import io.tandem.connect.auth.NonceService;
import io.tandem.grpc.ProcessorServer;
import io.tandem.location.LocationService;
import io.tandem.provisioning.LiveProvisioning;
import io.tandem.provisioning.store.ProvisioningSource;
import io.tandem.provisioning.store.StoreException;
import io.tandem.provisioning.ProvisioningException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem connect}: the Connect processor alone, as Routr's {@code Processor} gRPC service
 * (51904 by default, as in Routr), from the same configuration directory as {@code tandem run}
 * (resources, location.yaml, the secret). An EdgePort reaches it through a dispatcher.yaml entry
 * whose {@code addr} names this address.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    description = "Start the Connect processor as a gRPC service (Routr's fonoster.routr.processor.v2beta1.Processor).")
final class ConnectCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("tandem");

    @CommandLine.Mixin
    ConfigDirOptions dirs = new ConfigDirOptions();

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "0.0.0.0:51904",
        description = "Where the gRPC service listens (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--grace", paramLabel = "MS", defaultValue = "5000",
        description = "On SIGTERM, how long calls in progress may take to finish (default: ${DEFAULT-VALUE} ms).")
    long graceMillis;

    @CommandLine.Mixin
    ConnectOptions connectOptions = new ConnectOptions();

    @Override
    public Integer call() throws Exception {
        ConnectSettings settings = connectOptions.settings(this);
        InetSocketAddress address = listenAddress();
        Path dir = dirs.config;
        if (dir == null) {
            DefaultSetup.ensure(dirs.data, "0.0.0.0");
            dir = dirs.data;
        }
        LiveProvisioning provisioning;
        LocationConfig locationConfig;
        ServerSecret secret;
        try {
            secret = ServerSecret.resolve(System.getenv(), connectOptions.secretFile, dir);
            locationConfig = LocationConfig.load(dir);
            provisioning = ProvisioningSource.open(dir, dir, secret.credentialsKey()); // provisioning.yaml, else resources/
        } catch (ConfigException | ProvisioningException | StoreException e) {
            LOG.error("configuration refused: {}", e.getMessage());
            System.err.println("tandem: configuration refused:\n" + e.getMessage());
            return 2;
        }
        LocationService location = locationConfig.provider().equals("memory") ? locationConfig.create()
            : new ReconnectingLocation(locationConfig::create, locationConfig.describe());
        ConnectProcessor connect = new ConnectProcessor(provisioning, location, settings,
            new NonceService(secret.nonceKey(), settings.nonceLifetimeMillis(), System::currentTimeMillis));
        ProcessorServer server;
        try {
            server = ProcessorServer.start(address, "connect", connect);
        } catch (IOException e) {
            LOG.error("cannot listen on {}: {}", listen, e.getMessage());
            System.err.println("tandem: cannot listen on " + listen + ": " + e.getMessage()
                + " (choose another address with --listen ADDR:PORT; port 0 picks a free one)");
            location.close();
            provisioning.close();
            return 1;
        }
        provisioning.startWatching();
        RunCommand.serving();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping (grace {} ms)", graceMillis);
            server.stop(graceMillis);
            location.close();
            provisioning.close();
            LOG.info("stopped");
            System.out.flush();
            Runtime.getRuntime().halt(0); // a graceful stop is a success (see RunCommand)
        }, "tandem-shutdown"));
        LOG.info("secret from {}", secret.origin());
        LOG.info("connect processor serving gRPC on {}:{} (location {}) from {}", address.getHostString(), server.port(),
            locationConfig.describe(), dir.toAbsolutePath());
        server.awaitTermination(); // gRPC's threads are daemons: this thread keeps the process until it is stopped
        return 0;
    }

    private InetSocketAddress listenAddress() {
        int colon = listen.lastIndexOf(':');
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--listen must be ADDR:PORT, not " + listen);
        }
        String host = listen.substring(0, colon);
        return new InetSocketAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
    }
}
