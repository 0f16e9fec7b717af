package io.tandem.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command reads its configuration: {@code --config DIR}, or the embedded defaults in {@code --data DIR}. */
final class ConfigDirOptions {
    @Option(names = "--config", paramLabel = "DIR",
        description = "Configuration directory: edgeport.yaml, resources/, location.yaml, dispatcher.yaml (Routr v2 layout). "
            + "Default: embedded defaults in --data.")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "Where the embedded defaults are created on first run (default: ${DEFAULT-VALUE}).")
    Path data;
}
