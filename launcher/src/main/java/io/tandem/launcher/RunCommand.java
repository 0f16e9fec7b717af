package io.tandem.launcher;

import io.tandem.connect.ConnectProcessor;
import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.config.ConfigException;
import io.tandem.dispatcher.DispatcherConfigLoader;
import io.tandem.processor.Processor;
import io.tandem.security.DoorGuard;
import io.tandem.connect.ConnectSettings;
import io.tandem.connect.auth.NonceService;
import io.tandem.config.ConfigException;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.edgeport.proxy.DialogSeal;
import io.tandem.location.LocationService;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.ListeningPoint;
import io.tandem.provisioning.LiveProvisioning;
import io.tandem.provisioning.store.ProvisioningSource;
import io.tandem.provisioning.store.StoreException;
import io.tandem.provisioning.ProvisioningException;
import java.net.BindException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem run}: every component in this JVM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start Tandem: EdgePort, Connect processor and Location in one process.")
class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("tandem");
    private static volatile boolean running;
    /** The status the process ends with once stopped: 0 after a signal, else what {@link #exit} was given. */
    private static volatile int exitStatus;

    @picocli.CommandLine.Mixin
    ConfigDirOptions dirs = new ConfigDirOptions();

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
        description = "Bind address written into the embedded defaults on first run (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--http", paramLabel = "ADDR:PORT", defaultValue = "0.0.0.0:8080",
        description = "Where /healthz and /readyz are served (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String http;

    @Option(names = "--grace", paramLabel = "MS", defaultValue = "5000",
        description = "On SIGTERM, how long transactions may take to finish (default: ${DEFAULT-VALUE} ms).")
    long graceMillis;

    @picocli.CommandLine.Mixin
    ConnectOptions connectOptions = new ConnectOptions();

    @picocli.CommandLine.Mixin
    LinkOptions link = new LinkOptions();

    /** The Dispatcher in another process every request goes to ({@code tandem edgeport}); null: in this process. */
    String remoteDispatcher() {
        return null;
    }

    @Option(names = "--hep", paramLabel = "[udp:|tcp:]HOST:PORT",
        description = "Send a HEP v3 copy of every SIP message in and out to this collector (Homer's heplify-server), over UDP "
            + "(HOST:PORT or udp:HOST:PORT) or TCP (tcp:HOST:PORT: one write per batch, far cheaper at high rates). Default: off.")
    String hep;

    @Option(names = "--hep-id", paramLabel = "N", defaultValue = "2001",
        description = "The capture agent id in each HEP packet (default: ${DEFAULT-VALUE}).")
    int hepId;

    @Option(names = "--hep-password", paramLabel = "KEY", description = "The HEP authentication key, if the collector wants one.")
    String hepPassword;

    @Option(names = "--otlp", paramLabel = "URL",
        description = "Export one trace per call attempt over OTLP/HTTP to this endpoint (e.g. http://localhost:4318/v1/traces). Default: off.")
    java.net.URI otlp;

    @Option(names = "--flow-calls", paramLabel = "N", defaultValue = "1000",
        description = "Recent calls whose messages are kept for /calls/CALL-ID/flow and 'tandem ctl calls flow'; 0: off (default: ${DEFAULT-VALUE}).")
    int flowCalls;

    @Option(names = "--flow-messages", paramLabel = "N", defaultValue = "200",
        description = "Messages kept per call, the first ones (default: ${DEFAULT-VALUE}).")
    int flowMessages;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where the embedded databases (CDRs, resources) go: --data when given (or with the embedded defaults), else the --config directory. */
    private Path cdrDirectory(Path configDir) {
        boolean dataGiven = spec != null && spec.commandLine().getParseResult() != null
            && spec.commandLine().getParseResult().hasMatchedOption("--data");
        return dirs.config == null || dataGiven ? dirs.data : configDir;
    }

    static boolean running() {
        return running;
    }

    /** A command that serves until it is stopped (run, connect): the process stays after main returns. */
    static void serving() {
        running = true;
    }

    /** {@link System#exit} with this status, which the shutdown hook (when registered) ends the process with. */
    static void exit(int status) {
        exitStatus = status;
        System.exit(status);
    }

    @Override
    public Integer call() throws Exception {
        String remoteDispatcher = remoteDispatcher();
        ConnectSettings settings = connectOptions.settings(this);
        io.tandem.grpc.LinkSecurity security = link.security(this);
        if (connectOptions.location != null) {
            LinkOptions.address(this, "--location", connectOptions.location, false);
        }
        InetSocketAddress httpAddress = httpAddress();
        io.tandem.observability.ObservabilitySettings observability = observabilitySettings();
        Path dir = dirs.config;
        boolean created = false;
        if (dir == null) {
            DefaultSetup.ensure(dirs.data, bind);
            created = DefaultSetup.welcomePending(dirs.data);
            dir = dirs.data;
        }
        ConfigDir cfg = new ConfigDir(dir);
        EdgePortConfig edge;
        LiveProvisioning provisioning;
        LocationConfig locationConfig;
        DispatcherConfig dispatcherConfig;
        ServerSecret secret;
        DoorGuard guard;
        io.tandem.media.MediaSettings mediaSettings;
        try {
            mediaSettings = MediaSetup.load(dir);
            dispatcherConfig = cfg.dispatcherFile() == null ? null : DispatcherConfigLoader.load(cfg.dispatcherFile());
            if (dispatcherConfig != null) {
                Dispatchers.builtInMiddlewares(dispatcherConfig);
            }
            edge = cfg.edgePort();
            secret = ServerSecret.resolve(System.getenv(), connectOptions.secretFile, dir);
            locationConfig = LocationConfig.load(dir);
            guard = DoorGuard.from(edge, locationConfig.redisUri(), secret.topologyKey()); // spec.security; bans shared when location is Redis
            provisioning = ProvisioningSource.open(dir, cdrDirectory(dir), secret.credentialsKey()); // provisioning.yaml, else resources/
            MediaSetup.checkRefs(dir, mediaSettings, provisioning);
        } catch (ConfigException | ProvisioningException | StoreException e) {
            LOG.error("configuration refused: {}", e.getMessage());
            System.err.println("tandem: configuration refused:\n" + e.getMessage());
            return 2;
        }
        Instrumentation instruments = new Instrumentation(observability, edge.ref());
        LOG.info("secret from {}", secret.origin());
        MetricsRegistry metrics = instruments.registry();
        CallAccounting accounting;
        try {
            accounting = CallAccounting.start(dir, cdrDirectory(dir), locationConfig, provisioning, metrics);
        } catch (IOException e) { // accounting.yaml refused: it names the file and the field
            LOG.error("configuration refused: {}", e.getMessage());
            System.err.println("tandem: configuration refused:\n" + e.getMessage());
            return 2;
        }
        LocationService location = null;
        // the recording rtpengine writes is named in the call's CDR
        io.tandem.media.MediaAnchoring media = MediaSetup.start(mediaSettings, provisioning, metrics,
            accounting == null ? io.tandem.media.RecordingListener.NONE : accounting::recorded);
        RemoteProcessors remotes;
        Processor routing;
        if (remoteDispatcher != null) { // tandem edgeport: the Dispatcher, the processors and the Location are elsewhere
            remotes = RemoteProcessors.dispatcher(remoteDispatcher, edge.proxy().processorTimeoutMillis(), security);
            routing = instruments.routedProcessor(remotes.byRef().get("dispatcher"), "dispatcher");
            routing = media == null ? routing : media.around(routing); // the EdgePort sees every request, response and ACK
        } else {
            location = instruments.location(locationConfig.open(connectOptions.location, security));
            ConnectProcessor connect = new ConnectProcessor(provisioning, location, settings,
                new NonceService(secret.nonceKey(), settings.nonceLifetimeMillis(), System::currentTimeMillis));
            // every request goes through the Dispatcher, built once here: per request only its matching runs
            Processor routed = instruments.routedProcessor(connect, "connect");
            remotes = dispatcherConfig == null ? RemoteProcessors.NONE
                : RemoteProcessors.of(dispatcherConfig, edge.proxy().processorTimeoutMillis(), security);
            io.tandem.dispatcher.Dispatcher dispatcher = dispatcherConfig == null ? Dispatchers.connectOnly(edge.methods(), routed, media)
                : Dispatchers.inProcess(dispatcherConfig, routed, media, remotes);
            instruments.dispatcher(dispatcher);
            routing = dispatcher;
        }
        List<ServerFeature> features = new ArrayList<>();
        features.add(remotes);
        features.add(new DoorSecurity(guard, metrics));
        if (media != null) {
            LOG.info("media anchoring: {}", media.describe());
            features.add(new MediaSetup.Feature(media));
        }
        if (accounting != null) {
            features.add(accounting);
        }
        // provisioning.yaml's spec.api, with the database store; GET /registrations (what Location holds) with its keys
        AdminPlane admin = AdminPlane.start(dir, provisioning, location);
        if (admin != null) {
            features.add(admin);
        } else if (location != null) {
            features.add(new RegistrationsEndpoint(location, null, ref -> null));
        }
        features.add(instruments); // last: its wrap is the outermost
        Processor processor = routing;
        for (ServerFeature f : features) {
            processor = f.wrap(processor);
        }
        TandemServer server = new TandemServer(edge, provisioning, location,
            location == null ? "none here (the processors use it)" : locationConfig.describe(connectOptions.location), processor,
            new DialogSeal(secret.dialogSealKey()), features, metrics);
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping (grace {} ms)", graceMillis);
            server.stop(graceMillis);
            LOG.info("stopped");
            // The JVM ends a run stopped by a signal with 128 + the signal (143 for SIGTERM), which
            // orchestrators and service managers count as a failure; a graceful stop is a success.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitStatus);
        }, "tandem-shutdown"));
        boolean up;
        try {
            up = server.start(httpAddress);
        } catch (BindException e) {
            LOG.error("cannot serve /healthz and /readyz on {}: {}", http, e.getMessage());
            System.err.println("tandem: cannot serve /healthz and /readyz on " + http + ": " + e.getMessage()
                + " (choose another address with --http ADDR:PORT; port 0 picks a free one)");
            return 1;
        }
        LOG.info("Tandem {} from {}", up ? "started" : "running, EdgePort not started yet (see /readyz)", dir.toAbsolutePath());
        if (created) {
            // shown even when a port is taken (the EdgePort retries): the passwords are printed this once only
            List<String> servers = new ArrayList<>();
            if (up) {
                for (ListeningPoint lp : server.edgePort().listeningPoints()) {
                    servers.add(lp.transport() + " " + lp.hostPort());
                }
            } else {
                for (TransportSpec t : edge.transports()) {
                    servers.add(t.protocol() + " " + t.bindAddr() + ":" + t.port() + "  (not listening yet: see /readyz)");
                }
            }
            printWelcome(dir, servers);
            DefaultSetup.welcomeShown(dir);
        }
        return 0;
    }

    /** The observability options; a bad one is refused naming it. */
    private io.tandem.observability.ObservabilitySettings observabilitySettings() {
        try {
            var d = io.tandem.observability.ObservabilitySettings.DEFAULT;
            return new io.tandem.observability.ObservabilitySettings(flowCalls, flowMessages,
                hep == null ? null : io.tandem.observability.hep.HepCollector.parse(hep), hepId, hepPassword, otlp,
                d.captureQueue());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
        }
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
    private static void printWelcome(Path dir, List<String> servers) throws Exception {
        StringBuilder sb = new StringBuilder("\n  Tandem is running with embedded defaults (created in ")
            .append(dir.toAbsolutePath()).append(").\n  Register a softphone with:\n");
        for (String server : servers) {
            sb.append("    server   ").append(server).append('\n');
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
