package io.tandem.launcher.ctl;

import io.tandem.grpc.LinkSecurity;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What every {@code tandem ctl} command takes: where the server is, the API key, the output format. */
public final class CtlOptions {
    /** How an answer is printed. */
    public enum Format { table, json, yaml }

    @Option(names = "--http", paramLabel = "[https://]ADDR:PORT", defaultValue = "127.0.0.1:8080",
        description = "The running Tandem's --http address (default: ${DEFAULT-VALUE}); https://ADDR:PORT for the API's "
            + "HTTPS port (spec.api.tls).")
    String http;

    @Option(names = "--ca", paramLabel = "FILE", description = "With https://: PEM CA certificates to trust (default: the JDK's).")
    Path ca;

    @Option(names = "--cert", paramLabel = "FILE", description = "With https://: a PEM client certificate (spec.api.tls.clientCa).")
    Path certificate;

    @Option(names = "--cert-key", paramLabel = "FILE", description = "The PEM PKCS#8 private key of --cert.")
    Path certificateKey;

    @Option(names = "--key", paramLabel = "ID:SECRET",
        description = "An API key of provisioning.yaml (default: the environment's TANDEM_API_KEY).")
    String key;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
        description = "table (for people, the default), json or yaml (for scripts).")
    Format output;

    CtlClient client() throws CtlFailure {
        javax.net.ssl.SSLContext tls = null;
        if (http.startsWith("https://")) {
            try {
                tls = new LinkSecurity(certificate, certificateKey, ca).jdkContext(false);
            } catch (IllegalArgumentException e) {
                throw new CtlFailure("--ca/--cert/--cert-key: " + e.getMessage(), CtlFailure.FAILED);
            }
        }
        return new CtlClient(http, key != null ? key : System.getenv("TANDEM_API_KEY"), tls);
    }
}
