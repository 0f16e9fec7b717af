package io.tandem.launcher;

import io.tandem.config.ConfigException;
import io.tandem.connect.ConnectProcessor;
import io.tandem.connect.ConnectSettings;
import io.tandem.connect.auth.NonceService;
import io.tandem.grpc.GrpcServer;
import io.tandem.grpc.LinkSecurity;
import io.tandem.grpc.ProcessorService;
import io.tandem.location.LocationService;
import io.tandem.provisioning.LiveProvisioning;
import io.tandem.provisioning.store.ProvisioningSource;
import io.tandem.provisioning.store.StoreException;
import io.tandem.provisioning.ProvisioningException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tandem connect}: the Connect processor alone, as Routr's {@code Processor} gRPC service
 * (51904 by default, as in Routr), from the same configuration directory as {@code tandem run}
 * (resources, location.yaml or {@code --location}, the secret). A Dispatcher reaches it through a
 * dispatcher.yaml entry whose {@code addr} names this address.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    description = "Start the Connect processor as a gRPC service (Routr's fonoster.routr.processor.v2beta1.Processor).")
final class ConnectCommand extends ServiceCommand {
    @CommandLine.Mixin
    ConnectOptions connectOptions = new ConnectOptions();

    @Override
    String defaultListen() {
        return "0.0.0.0:51904";
    }

    @Override
    Started start(InetSocketAddress address, LinkSecurity security) throws IOException {
        ConnectSettings settings = connectOptions.settings(this);
        if (connectOptions.location != null) {
            LinkOptions.address(this, "--location", connectOptions.location, false);
        }
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
            return refused(e);
        }
        LocationService location = locationConfig.open(connectOptions.location, security);
        ConnectProcessor connect = new ConnectProcessor(provisioning, location, settings,
            new NonceService(secret.nonceKey(), settings.nonceLifetimeMillis(), System::currentTimeMillis));
        GrpcServer server;
        try {
            server = GrpcServer.start(address, security, new ProcessorService("connect", connect));
        } catch (IOException e) {
            location.close();
            provisioning.close();
            throw e;
        }
        provisioning.startWatching();
        LOG.info("secret from {}", secret.origin());
        LOG.info("connect processor: location {}", locationConfig.describe(connectOptions.location));
        return new Started(server, () -> {
            location.close();
            provisioning.close();
        }, "connect processor", java.util.Map.of("location (" + locationConfig.describe(connectOptions.location) + ")", location::ping));
    }
}
