package io.tandem.launcher;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
import io.tandem.dispatcher.Dispatcher;
import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.dispatcher.DispatcherConfigLoader;
import io.tandem.edgeport.config.ProxyOptions;
import io.tandem.grpc.GrpcServer;
import io.tandem.grpc.LinkSecurity;
import io.tandem.grpc.ProcessorService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code tandem dispatcher}: the Dispatcher alone, as a {@code Processor} gRPC service for a
 * {@code tandem edgeport} (51901 by default, or dispatcher.yaml's {@code spec.bindAddr}, as in
 * Routr). It holds no state: for each request it picks the processor entry of dispatcher.yaml
 * (methods, matchFunc), runs the middlewares and calls the processor at the entry's {@code addr}
 * over gRPC (503 naming it while unreachable). Every entry needs an {@code addr} here; the
 * deadline of each call is edgeport.yaml's {@code proxy.processorTimeout} when the directory has
 * one, else its default.
 */
@Command(name = "dispatcher", mixinStandardHelpOptions = true,
    description = "Start the Dispatcher as a gRPC service (Routr's Processor contract) routing to the processors of dispatcher.yaml.")
final class DispatcherCommand extends ServiceCommand {
    private static final String DEFAULT_LISTEN = "0.0.0.0:51901";

    private Path dir() {
        return dirs.config != null ? dirs.config : dirs.data;
    }

    @Override
    String defaultListen() {
        try {
            Path file = new ConfigDir(dir()).dispatcherFile();
            String bind = file == null ? null : DispatcherConfigLoader.load(file).bindAddr();
            return bind != null ? bind : DEFAULT_LISTEN;
        } catch (ConfigException e) {
            return DEFAULT_LISTEN; // start() reports it
        }
    }

    @Override
    Started start(InetSocketAddress address, LinkSecurity security) throws IOException {
        ConfigDir cfg = new ConfigDir(dir());
        DispatcherConfig config;
        long deadline;
        try {
            if (cfg.dispatcherFile() == null) {
                throw new ConfigException(dir().resolve("dispatcher.yaml").toString(), List.of(new ConfigProblem("",
                    "tandem dispatcher needs a MessageDispatcher document (dispatcher.yaml) in " + dir())));
            }
            config = DispatcherConfigLoader.load(cfg.dispatcherFile());
            Dispatchers.builtInMiddlewares(config);
            requireAddrs(config);
            deadline = hasEdgePort(cfg) ? cfg.edgePort().proxy().processorTimeoutMillis() : ProxyOptions.DEFAULT.processorTimeoutMillis();
        } catch (ConfigException e) {
            return refused(e);
        }
        RemoteProcessors remotes = RemoteProcessors.of(config, deadline, security);
        Dispatcher dispatcher = Dispatchers.inProcess(config, null, null, remotes);
        try {
            return new Started(GrpcServer.start(address, security, new ProcessorService("dispatcher", dispatcher)),
                () -> remotes.stop(0), "dispatcher " + config.ref(), remotes.readiness());
        } catch (IOException e) {
            remotes.stop(0);
            throw e;
        }
    }

    private static boolean hasEdgePort(ConfigDir cfg) {
        return Files.isRegularFile(cfg.root().resolve("edgeport.yaml")) || Files.isRegularFile(cfg.root().resolve("edgeport.yml"))
            || Files.isRegularFile(cfg.root().resolve("edgeport.json"));
    }

    /** Here every processor is in another process: an entry without addr is refused, naming it. */
    private static void requireAddrs(DispatcherConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < config.processors().size(); i++) {
            DispatcherConfig.ProcessorSpec p = config.processors().get(i);
            if (p.addr() == null) {
                problems.add(new ConfigProblem("spec.processors[" + i + "].addr", "processor " + p.ref()
                    + ": tandem dispatcher reaches every processor over gRPC: give it an addr (Connect: 'tandem connect', port 51904)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(config.file(), problems);
        }
    }
}
