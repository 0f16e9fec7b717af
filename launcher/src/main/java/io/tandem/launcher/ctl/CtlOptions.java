package io.tandem.launcher.ctl;

import picocli.CommandLine.Option;

/** What every {@code tandem ctl} command takes: where the server is, the API key, the output format. */
public final class CtlOptions {
    /** How an answer is printed. */
    public enum Format { table, json, yaml }

    @Option(names = "--http", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:8080",
        description = "The running Tandem's --http address (default: ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--key", paramLabel = "ID:SECRET",
        description = "An API key of provisioning.yaml (default: the environment's TANDEM_API_KEY).")
    String key;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
        description = "table (for people, the default), json or yaml (for scripts).")
    Format output;

    CtlClient client() {
        return new CtlClient(http, key != null ? key : System.getenv("TANDEM_API_KEY"));
    }
}
