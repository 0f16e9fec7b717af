package io.tandem.grpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * TLS on the gRPC links between components (TLS 1.2 and 1.3, HTTP/2 over ALPN as gRPC needs).
 * Files are PEM: a certificate chain, its PKCS#8 private key, and the CA certificates to trust.
 * <ul>
 *   <li>a server (the service side) presents {@code certificate}/{@code privateKey} (both
 *       required); with {@code trustedCa} it also requires a client certificate signed by it;
 *   <li>a client verifies the server's certificate against {@code trustedCa} (null: the JDK's
 *       trusted CAs) and the name or address it dials, and presents {@code certificate}/
 *       {@code privateKey} when given (both or neither).
 * </ul>
 *
 * @param certificate PEM certificate chain, or null
 * @param privateKey PEM PKCS#8 private key, or null
 * @param trustedCa PEM CA certificates, or null
 */
public record LinkSecurity(Path certificate, Path privateKey, Path trustedCa) {
    public LinkSecurity {
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException(certificate == null ? "a private key without its certificate"
                : "a certificate without its private key");
        }
        for (Path p : new Path[] {certificate, privateKey, trustedCa}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IllegalArgumentException(p + ": cannot read the file");
            }
        }
    }

    /** Whether this can serve (it has a certificate and key). */
    public boolean canServe() {
        return certificate != null;
    }

    /** Whether a server with this asks every client for a certificate {@code trustedCa} issued. */
    public boolean requiresClientCertificates() {
        return canServe() && trustedCa != null;
    }

    /**
     * The same certificate, key and CA as a JDK {@link SSLContext}, for an HTTPS endpoint (the admin API's JSON/HTTP
     * port, {@code tandem ctl}): a server's ({@code server} true) or a client's. Client certificates are asked for by
     * the server's configurator ({@link #requiresClientCertificates()}); the context only knows whom to trust.
     */
    public SSLContext jdkContext(boolean server) {
        try {
            SslContextBuilder ssl = (server ? SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                : SslContextBuilder.forClient()).sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2");
            if (trustedCa != null) {
                ssl.trustManager(trustedCa.toFile());
            }
            if (!server && certificate != null) {
                ssl.keyManager(certificate.toFile(), privateKey.toFile());
            }
            return ((JdkSslContext) ssl.build()).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS for HTTPS: " + reason(e), e);
        }
    }

    /** {@code builder} dialing with TLS as this says. */
    public NettyChannelBuilder client(NettyChannelBuilder builder) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient().protocols("TLSv1.3", "TLSv1.2");
            if (trustedCa != null) {
                ssl.trustManager(trustedCa.toFile());
            }
            if (certificate != null) {
                ssl.keyManager(certificate.toFile(), privateKey.toFile());
            }
            return builder.sslContext(ssl.build()).useTransportSecurity();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS for the gRPC link: " + reason(e), e);
        }
    }

    /** {@code builder} serving with TLS as this says. */
    public NettyServerBuilder server(NettyServerBuilder builder) {
        if (!canServe()) {
            throw new IllegalArgumentException("a gRPC service over TLS needs a certificate and its private key");
        }
        try {
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile()))
                .protocols("TLSv1.3", "TLSv1.2");
            if (trustedCa != null) {
                ssl.trustManager(trustedCa.toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.sslContext(ssl.build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS for the gRPC service: " + reason(e), e);
        }
    }

    private static String reason(Exception e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return e.getMessage() + (c != e ? " (" + c.getMessage() + ")" : "");
    }
}
