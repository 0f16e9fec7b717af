package io.tandem.launcher;

import io.tandem.connect.ConnectProcessor;
import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.config.ConfigException;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.location.LocationService;
import io.tandem.processor.ListeningPoint;
import io.tandem.provisioning.FileProvisioning;
import io.tandem.provisioning.ProvisioningException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem run}: every component in this JVM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start Tandem: EdgePort, Connect processor and Location in one process.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("tandem");
    private static volatile boolean running;

    @Option(names = "--config", paramLabel = "DIR",
        description = "Configuration directory: edgeport.yaml and resources/ (Routr v2 layout). Default: embedded defaults in --data.")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "Where the embedded defaults are created on first run (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
        description = "Bind address written into the embedded defaults on first run (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--http", paramLabel = "ADDR:PORT", defaultValue = "0.0.0.0:8080",
        description = "Where /healthz and /readyz are served (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String http;

    @Option(names = "--grace", paramLabel = "MS", defaultValue = "5000",
        description = "On SIGTERM, how long transactions may take to finish (default: ${DEFAULT-VALUE} ms).")
    long graceMillis;

    static boolean running() {
        return running;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = config;
        boolean created = false;
        if (dir == null) {
            created = DefaultSetup.ensure(data, bind);
            dir = data;
        }
        ConfigDir cfg = new ConfigDir(dir);
        EdgePortConfig edge;
        FileProvisioning provisioning;
        LocationConfig locationConfig;
        try {
            edge = cfg.edgePort();
            locationConfig = LocationConfig.load(dir);
            if (!Files.isDirectory(cfg.resources())) {
                Files.createDirectories(cfg.resources());
            }
            provisioning = new FileProvisioning(cfg.resources());
        } catch (ConfigException | ProvisioningException e) {
            LOG.error("configuration refused: {}", e.getMessage());
            System.err.println("tandem: configuration refused:\n" + e.getMessage());
            return 2;
        }
        LocationService location = locationConfig.provider().equals("memory") ? locationConfig.create()
            : new ReconnectingLocation(locationConfig::create, locationConfig.describe());
        ConnectProcessor connect = new ConnectProcessor(provisioning, location);
        TandemServer server = new TandemServer(edge, provisioning, location, locationConfig.describe(), connect);
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping (grace {} ms)", graceMillis);
            server.stop(graceMillis);
            LOG.info("stopped");
        }, "tandem-shutdown"));
        boolean up = server.start(httpAddress());
        LOG.info("Tandem {} from {}", up ? "started" : "running, EdgePort not started yet (see /readyz)", dir.toAbsolutePath());
        if (created && up) {
            printWelcome(dir, server.edgePort());
        }
        return 0;
    }

    private InetSocketAddress httpAddress() {
        int colon = http.lastIndexOf(':');
        if (colon < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--http must be ADDR:PORT, not " + http);
        }
        String host = http.substring(0, colon);
        return new InetSocketAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
            Integer.parseInt(http.substring(colon + 1)));
    }

    /** Printed once, on the run that created the defaults: what a softphone needs. */
    private static void printWelcome(Path dir, EdgePort edgePort) throws Exception {
        StringBuilder sb = new StringBuilder("\n  Tandem is running with embedded defaults (created in ")
            .append(dir.toAbsolutePath()).append(").\n  Register a softphone with:\n");
        for (ListeningPoint lp : edgePort.listeningPoints()) {
            sb.append("    server   ").append(lp.transport()).append(' ').append(lp.hostPort()).append('\n');
        }
        sb.append("    domain   ").append(DefaultSetup.DOMAIN).append("  (or the server's address)\n");
        String creds = Files.readString(dir.resolve("resources/credentials.yaml"));
        for (String line : creds.split("\n")) {
            String t = line.trim();
            if (t.startsWith("username:") || t.startsWith("password:")) {
                sb.append("    ").append(t.replace("\"", "")).append(t.startsWith("password:") ? "\n" : "   ");
            }
        }
        sb.append("  These lines are shown once; the passwords stay in resources/credentials.yaml.\n");
        System.out.println(sb);
    }
}
