package io.tandem.edgeport.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.tandem.edgeport.config.SecurityContext;
import io.tandem.edgeport.config.SecurityContext.ClientAuthType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for the TLS and WSS transports (RFC 3261 §26.3.1, RFC 5630): JDK provider, TLSv1.2
 * and TLSv1.3 only, server credentials from PEM files or a keystore.
 */
final class SslContexts {
    private SslContexts() {
    }

    /** The server side of TLS/WSS listeners. */
    static SslContext server(SecurityContext sc) {
        try {
            SslContextBuilder b;
            if (sc.certificate() != null && sc.privateKey() != null) {
                b = SslContextBuilder.forServer(sc.certificate().toFile(), sc.privateKey().toFile(), sc.privateKeyPassword());
            } else if (sc.keyStore() != null) {
                b = SslContextBuilder.forServer(keyManagers(sc));
            } else {
                throw new IllegalArgumentException("TLS/WSS listeners need spec.securityContext.keyStore or certificate and privateKey");
            }
            b.clientAuth(switch (sc.clientAuth()) {
                case ENABLED -> ClientAuth.REQUIRE;
                case WANT -> ClientAuth.OPTIONAL;
                case DISABLED, DISABLED_ALL -> ClientAuth.NONE;
            });
            if (sc.trustStore() != null) {
                b.trustManager(trustManagers(sc));
            }
            return b.sslProvider(SslProvider.JDK).protocols(sc.tlsProtocols()).build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + describe(sc) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The client side, for outbound TLS connections: peers are verified against the trust store
     * (else the JDK's) and their name or IP, except with authType DisabledAll. Our own credentials,
     * when configured, are offered for mutual TLS.
     */
    static SslContext client(SecurityContext sc) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(sc.tlsProtocols());
            if (sc.clientAuth() == ClientAuthType.DISABLED_ALL) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else {
                b.endpointIdentificationAlgorithm("HTTPS"); // RFC 5922 §7.2-style name check (RFC 2818 rules)
                if (sc.trustStore() != null) {
                    b.trustManager(trustManagers(sc));
                }
            }
            if (sc.certificate() != null && sc.privateKey() != null) {
                b.keyManager(sc.certificate().toFile(), sc.privateKey().toFile(), sc.privateKeyPassword());
            } else if (sc.keyStore() != null) {
                b.keyManager(keyManagers(sc));
            }
            return b.build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up outbound TLS from " + describe(sc) + ": " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(SecurityContext sc) throws IOException, GeneralSecurityException {
        char[] pw = sc.keyStorePassword().toCharArray();
        KeyStore ks = load(sc.keyStore(), sc.keyStoreType(), pw);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        return kmf;
    }

    private static TrustManagerFactory trustManagers(SecurityContext sc) throws IOException, GeneralSecurityException {
        KeyStore ts = load(sc.trustStore(), sc.trustStoreType(), sc.trustStorePassword().toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf;
    }

    private static KeyStore load(Path file, String type, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }

    private static String describe(SecurityContext sc) {
        return sc.certificate() != null ? sc.certificate() + " and " + sc.privateKey() : String.valueOf(sc.keyStore());
    }
}
