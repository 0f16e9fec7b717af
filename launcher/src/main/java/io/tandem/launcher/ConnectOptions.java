package io.tandem.launcher;

import io.tandem.connect.ConnectSettings;
import io.tandem.sip.auth.DigestAlgorithm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The Connect processor's options, the same for {@code tandem run} (Connect in process) and
 * {@code tandem connect} (Connect as a gRPC service): the digest challenges, the registrar's limits
 * and the deployment's secret. A value out of range is refused naming its option.
 */
final class ConnectOptions {
    @Option(names = "--digest", paramLabel = "ALG[,ALG...]", defaultValue = "SHA-256,MD5",
        description = "Digest algorithms challenged, most preferred first, and the only ones accepted "
            + "(default: ${DEFAULT-VALUE}). Softphones that give up on a SHA-256 challenge (baresip 1.0, SIPp 3.6) need MD5 alone.")
    String digest;

    @Option(names = "--secret", paramLabel = "FILE",
        description = "File holding the deployment's secret (at least 16 bytes), shared by every Tandem that must accept "
            + "the others' dialogs and nonces. Default: $TANDEM_SECRET, else DIR/secret, created on first run.")
    Path secretFile;

    @Option(names = "--min-expires", paramLabel = "S", defaultValue = "60",
        description = "Registrar: shortest registration accepted; shorter gets 423 with Min-Expires (RFC 3261 §10.3 step 7; default: ${DEFAULT-VALUE}).")
    int minExpires;

    @Option(names = "--max-expires", paramLabel = "S", defaultValue = "3600",
        description = "Registrar: longer registrations are granted this (default: ${DEFAULT-VALUE}).")
    int maxExpires;

    @Option(names = "--default-expires", paramLabel = "S", defaultValue = "3600",
        description = "Registrar: granted when the REGISTER names no expiry (default: ${DEFAULT-VALUE}).")
    int defaultExpires;

    @Option(names = "--max-contacts", paramLabel = "N", defaultValue = "0",
        description = "Registrar: contacts per address of record unless the Agent or Peer sets maxContacts; 0: no limit (default: ${DEFAULT-VALUE}).")
    int maxContacts;

    @Option(names = "--location", paramLabel = "ADDR:PORT",
        description = "Use the Location service at this address ('tandem location', over gRPC) instead of location.yaml's provider.")
    String location;

    /** The registrar's limits and the digest algorithms; {@code command} names the command in refusals. */
    ConnectSettings settings(Object command) {
        List<DigestAlgorithm> algorithms = digestAlgorithms(command);
        try {
            ConnectSettings d = ConnectSettings.DEFAULT;
            return new ConnectSettings(minExpires, maxExpires, defaultExpires, d.nonceLifetimeMillis(), d.numbering(), algorithms,
                maxContacts);
        } catch (IllegalArgumentException e) {
            String option = e.getMessage().startsWith("minExpires") ? "--min-expires" : e.getMessage().startsWith("maxExpires")
                ? "--max-expires" : e.getMessage().startsWith("defaultExpires") ? "--default-expires" : "--max-contacts";
            throw new CommandLine.ParameterException(new CommandLine(command), option + ": " + e.getMessage());
        }
    }

    private List<DigestAlgorithm> digestAlgorithms(Object command) {
        List<DigestAlgorithm> out = new ArrayList<>();
        for (String token : digest.split(",")) {
            DigestAlgorithm a = DigestAlgorithm.fromToken(token.trim()).orElseThrow(() -> new CommandLine.ParameterException(
                new CommandLine(command), "--digest: unknown algorithm '" + token.trim() + "' (known: MD5, MD5-sess, SHA-256, "
                    + "SHA-256-sess, SHA-512-256, SHA-512-256-sess)"));
            if (out.contains(a)) {
                throw new CommandLine.ParameterException(new CommandLine(command), "--digest: " + a + " given twice");
            }
            out.add(a);
        }
        return out;
    }
}
