package io.tandem.edgeport.it;

import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import io.tandem.testkit.TlsRelay;
import io.tandem.edgeport.config.SecurityContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made for one test run with the JDK's
 * keytool: the EdgePort's server credentials, and the only certificate it and the test's
 * {@link TlsRelay} trust.
 */
final class TestTls {
    private static final String PASSWORD = "tandem-test";

    final Path keyStore;
    final Path trustStore;
    private final KeyStore keys;
    private final KeyStore trust;

    TestTls(Path dir) throws Exception {
        keyStore = dir.resolve("edgeport.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        // a short-lived JVM: C1 only and the serial collector start it about twice as fast
        Process p = new ProcessBuilder(List.of(keytool, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-genkeypair", "-alias", "edgeport", "-keyalg", "EC",
            "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "pkcs12",
            "-storepass", PASSWORD, "-keypass", PASSWORD)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = keys.getCertificate("edgeport");
        trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("edgeport", cert);
        trustStore = dir.resolve("trust.p12");
        try (OutputStream o = Files.newOutputStream(trustStore)) {
            trust.store(o, PASSWORD.toCharArray());
        }
    }

    /** The EdgePort's: this certificate as its own, and as the only one it trusts for outbound TLS (names checked). */
    SecurityContext securityContext() {
        return new SecurityContext(keyStore, PASSWORD, "pkcs12", trustStore, PASSWORD, "pkcs12", null, null, null,
            SecurityContext.SUPPORTED_PROTOCOLS, SecurityContext.ClientAuthType.DISABLED);
    }

    /** A TLS server context with this certificate. */
    SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A TLS client context that trusts only this certificate. */
    SSLContext clientContext() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
