package io.tandem.edgeport.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost, 127.0.0.1 and ::1, made with the JDK's keytool (no
 * BouncyCastle): as a PKCS#12 keystore, as PEM files, and as a trust store.
 */
final class TestCertificates {
    static final String PASSWORD = "changeit";

    final Path keyStore;
    final Path trustStore;
    final Path certificatePem;
    final Path privateKeyPem;
    final X509Certificate certificate;

    TestCertificates(Path dir) throws Exception {
        keyStore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "sip", "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "2",
            "-keystore", keyStore.toString(), "-storetype", "pkcs12", "-storepass", PASSWORD, "-keypass", PASSWORD))
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        certificate = (X509Certificate) ks.getCertificate("sip");
        PrivateKey key = (PrivateKey) ks.getKey("sip", PASSWORD.toCharArray());
        certificatePem = dir.resolve("cert.pem");
        privateKeyPem = dir.resolve("key.pem");
        Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(privateKeyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
        trustStore = dir.resolve("trust.p12");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", certificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            ts.store(out, PASSWORD.toCharArray());
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }

    /** A client context that trusts only this certificate. */
    SSLContext clientContext(String protocol) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
