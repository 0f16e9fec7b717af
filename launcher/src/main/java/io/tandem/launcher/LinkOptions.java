package io.tandem.launcher;

import io.tandem.config.ServiceAddress;
import io.tandem.grpc.LinkSecurity;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * TLS on the gRPC links between components, the same options for every command that serves or
 * dials one (see {@link LinkSecurity}): without {@code --grpc-cert} and {@code --grpc-ca} the
 * links are plaintext. A service presents {@code --grpc-cert}/{@code --grpc-key} and, with
 * {@code --grpc-ca}, requires client certificates it signed; a client trusts {@code --grpc-ca}
 * and presents its own certificate when given one.
 */
final class LinkOptions {
    @Option(names = "--grpc-cert", paramLabel = "FILE",
        description = "PEM certificate chain for the gRPC links (a service's certificate; a client's own, for client authentication).")
    Path certificate;

    @Option(names = "--grpc-key", paramLabel = "FILE", description = "PEM PKCS#8 private key of --grpc-cert.")
    Path privateKey;

    @Option(names = "--grpc-ca", paramLabel = "FILE",
        description = "PEM CA certificates trusted on the gRPC links (a client: the service's issuer; a service: require client certificates it issued).")
    Path trustedCa;

    /** The links' TLS settings, null for plaintext; a missing file or half a pair is refused naming the options. */
    LinkSecurity security(Object command) {
        if (certificate == null && privateKey == null && trustedCa == null) {
            return null;
        }
        try {
            return new LinkSecurity(certificate, privateKey, trustedCa);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(command), "--grpc-cert/--grpc-key/--grpc-ca: " + e.getMessage());
        }
    }

    /** The address a {@code option} names (HOST:PORT, port 0 allowed when {@code listening}); refused naming the option. */
    static ServiceAddress address(Object command, String option, String value, boolean listening) {
        try {
            return listening ? ServiceAddress.parseListen(value) : ServiceAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(command), option + " must be ADDR:PORT, not " + value
                + " (" + e.getMessage() + ")");
        }
    }
}
