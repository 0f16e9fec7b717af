package io.tandem.launcher;

import io.tandem.config.ConfigProblem;
import io.tandem.config.ConfigException;
import io.tandem.edgeport.config.EdgePortConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A configuration directory as Routr v2 lays it out: the EdgePort document ({@code edgeport.yaml},
 * {@code .yml} or {@code .json}) at the top, the resources (Domain, Agent, Peer, Trunk, Number,
 * Credentials, AccessControlList) under {@code resources/}.
 */
record ConfigDir(Path root) {
    Path edgePortFile() {
        for (String name : new String[] {"edgeport.yaml", "edgeport.yml", "edgeport.json"}) {
            Path p = root.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ConfigException(root.resolve("edgeport.yaml").toString(), java.util.List.of(
            new ConfigProblem("", "no EdgePort configuration (edgeport.yaml, edgeport.yml or edgeport.json) in " + root)));
    }

    EdgePortConfig edgePort() {
        return EdgePortConfig.load(edgePortFile());
    }

    /** The MessageDispatcher document, or null when there is none (everything goes to Connect). */
    Path dispatcherFile() {
        for (String name : new String[] {"dispatcher.yaml", "dispatcher.yml", "dispatcher.json"}) {
            Path p = root.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    Path resources() {
        return root.resolve("resources");
    }

    boolean hasResources() throws IOException {
        if (!Files.isDirectory(resources())) {
            return false;
        }
        try (Stream<Path> s = Files.list(resources())) {
            return s.findAny().isPresent();
        }
    }
}
