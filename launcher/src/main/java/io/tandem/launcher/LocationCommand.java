package io.tandem.launcher;

import io.tandem.config.ConfigException;
import io.tandem.grpc.GrpcServer;
import io.tandem.grpc.LinkSecurity;
import io.tandem.grpc.LocationGrpcService;
import io.tandem.location.LocationService;
import java.io.IOException;
import java.net.InetSocketAddress;
import picocli.CommandLine.Command;

/**
 * {@code tandem location}: the Location service alone, as Routr's
 * {@code fonoster.routr.location.v2beta1.Location} gRPC service (51902 by default, as in Routr),
 * backed by location.yaml's provider (memory, or Redis shared by several of them). Connect
 * processors use it with {@code --location ADDR:PORT}.
 */
@Command(name = "location", mixinStandardHelpOptions = true,
    description = "Start the Location service as a gRPC service (Routr's fonoster.routr.location.v2beta1.Location).")
final class LocationCommand extends ServiceCommand {
    @Override
    String defaultListen() {
        return "0.0.0.0:51902";
    }

    @Override
    Started start(InetSocketAddress address, LinkSecurity security) throws IOException {
        LocationConfig config;
        try {
            config = LocationConfig.load(dirs.config != null ? dirs.config : dirs.data);
        } catch (ConfigException e) {
            return refused(e);
        }
        LocationService location = config.open(null, null);
        try {
            return new Started(GrpcServer.start(address, security, new LocationGrpcService(location)), location,
                "location (" + config.describe() + ")", java.util.Map.of("location (" + config.describe() + ")", location::ping));
        } catch (IOException e) {
            location.close();
            throw e;
        }
    }
}
