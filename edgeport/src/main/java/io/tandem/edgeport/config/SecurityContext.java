package io.tandem.edgeport.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code spec.securityContext}: the credentials of the TLS and WSS listeners. The server key and
 * certificate come from a keystore (Routr's {@code keyStore}, PKCS#12 by default) or, a Tandem
 * extension, from PEM files ({@code certificate} + {@code privateKey}, PKCS#8 key); PEM wins when
 * both are given. Relative paths are resolved against the configuration file's directory.
 *
 * @param tlsProtocols enabled protocol versions: only TLSv1.2 and TLSv1.3 are ever enabled; other
 *     versions listed in {@code client.protocols} are ignored (with a warning); default both
 * @param clientAuth {@code client.authType}, default {@link ClientAuthType#DISABLED}
 */
public record SecurityContext(
        Path keyStore, String keyStorePassword, String keyStoreType,
        Path trustStore, String trustStorePassword, String trustStoreType,
        Path certificate, Path privateKey, String privateKeyPassword,
        List<String> tlsProtocols, ClientAuthType clientAuth) {

    public static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    /** No credentials: TLS/WSS listeners cannot be configured; outbound TLS verifies peers with the JDK's trust store. */
    public static final SecurityContext NONE =
        new SecurityContext(null, "", "pkcs12", null, "", "pkcs12", null, null, null, SUPPORTED_PROTOCOLS, ClientAuthType.DISABLED);

    /** Routr's {@code client.authType} values, as JAIN-SIP defines them. */
    public enum ClientAuthType {
        /** The server requires a client certificate. */
        ENABLED("Enabled"),
        /** The server asks for a client certificate but accepts a client without one. */
        WANT("Want"),
        /** The server does not ask for client certificates; outbound connections verify the server's chain. */
        DISABLED("Disabled"),
        /** As DISABLED, and outbound connections do not verify the server's certificate (testing only). */
        DISABLED_ALL("DisabledAll");

        private final String token;

        ClientAuthType(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        public static ClientAuthType of(String token) {
            for (ClientAuthType t : values()) {
                if (t.token.equals(token)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown authType " + token);
        }
    }

    public SecurityContext {
        tlsProtocols = List.copyOf(tlsProtocols);
        keyStorePassword = keyStorePassword == null ? "" : keyStorePassword;
        trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
        keyStoreType = keyStoreType == null ? "pkcs12" : keyStoreType;
        trustStoreType = trustStoreType == null ? "pkcs12" : trustStoreType;
    }

    /** A context with PEM server credentials (tests, simple deployments). */
    public static SecurityContext pem(Path certificate, Path privateKey) {
        return new SecurityContext(null, "", null, null, "", null, certificate, privateKey, null,
            SUPPORTED_PROTOCOLS, ClientAuthType.DISABLED);
    }

    /** A context with a PKCS#12 keystore. */
    public static SecurityContext pkcs12(Path keyStore, String password) {
        return new SecurityContext(keyStore, password, "pkcs12", null, "", null, null, null, null,
            SUPPORTED_PROTOCOLS, ClientAuthType.DISABLED);
    }

    /** The same context with another client authType. */
    public SecurityContext withClientAuth(ClientAuthType type) {
        return new SecurityContext(keyStore, keyStorePassword, keyStoreType, trustStore, trustStorePassword, trustStoreType,
            certificate, privateKey, privateKeyPassword, tlsProtocols, type);
    }

    /** True if a TLS/WSS listener can be built: a keystore, or both PEM files. */
    public boolean hasServerCredentials() {
        return keyStore != null || certificate != null && privateKey != null;
    }

    @Override
    public String toString() {
        return "SecurityContext[keyStore=" + keyStore + ", keyStoreType=" + keyStoreType + ", trustStore=" + trustStore
            + ", certificate=" + certificate + ", privateKey=" + privateKey + ", tlsProtocols=" + tlsProtocols
            + ", clientAuth=" + clientAuth + ", passwords=***]";
    }
}
