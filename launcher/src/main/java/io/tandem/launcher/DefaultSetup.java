package io.tandem.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * The embedded defaults of {@code tandem run}: on first run, a data directory holding an EdgePort
 * configuration and Routr v2 resources (one domain, two agents with generated passwords), so that
 * two softphones can register and call each other. Later runs reuse it unchanged.
 */
final class DefaultSetup {
    static final String DOMAIN = "sip.local";
    static final List<String> USERS = List.of("1001", "1002");
    /**
     * Present from the creation of the defaults until their credentials have been printed: the
     * first run may stop before it gets there (the health port taken), and the passwords are
     * printed by the first run that starts.
     */
    private static final String WELCOME_PENDING = ".welcome-pending";

    private DefaultSetup() {
    }

    /** Creates the data directory if it does not exist; returns true if it was created now. */
    static boolean ensure(Path dir, String bindAddr) throws IOException {
        if (Files.exists(dir.resolve("edgeport.yaml"))) {
            return false;
        }
        Files.createDirectories(dir.resolve("resources"));
        Files.writeString(dir.resolve(WELCOME_PENDING), "");
        String storePassword = password();
        boolean tls = selfSignedCertificate(dir.resolve("tls/keystore.p12"), storePassword, bindAddr);
        String secure = !tls ? "" : """
                - protocol: tls
                  port: 5061
                - protocol: ws
                  port: 5062
                - protocol: wss
                  port: 5063
              securityContext:
                keyStore: tls/keystore.p12
                keyStorePassword: "%s"
                keyStoreType: pkcs12
                client:
                  protocols: [TLSv1.2, TLSv1.3]
                  authType: DisabledAll
            """.formatted(storePassword);
        Files.writeString(dir.resolve("edgeport.yaml"), """
            # Tandem EdgePort (Routr v2 format). Edit and restart to change listeners.
            kind: EdgePort
            apiVersion: v2beta1
            ref: edgeport-01
            metadata:
              region: default
            spec:
              bindAddr: %s
              localnets: [127.0.0.0/8]
              methods: [REGISTER, INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, PRACK, REFER, NOTIFY, SUBSCRIBE]
              unknownMethodAction: Respond
              transport:
                - protocol: udp
                  port: 5060
                - protocol: tcp
                  port: 5060
            """.formatted(bindAddr) + secure);
        Files.writeString(dir.resolve("resources/domains.yaml"), """
            - apiVersion: v2beta1
              kind: Domain
              ref: domain-01
              metadata:
                name: Local domain
              spec:
                context:
                  domainUri: %s
            """.formatted(DOMAIN));
        StringBuilder agents = new StringBuilder();
        StringBuilder creds = new StringBuilder();
        for (String user : USERS) {
            agents.append("""
                - apiVersion: v2beta1
                  kind: Agent
                  ref: agent-%1$s
                  metadata:
                    name: Agent %1$s
                  spec:
                    username: "%1$s"
                    domainRef: domain-01
                    credentialsRef: credentials-%1$s
                    privacy: None
                    enabled: true
                """.formatted(user));
            creds.append("""
                - apiVersion: v2beta1
                  kind: Credentials
                  ref: credentials-%1$s
                  metadata:
                    name: Credentials of %1$s
                  spec:
                    credentials:
                      username: "%1$s"
                      password: "%2$s"
                """.formatted(user, password()));
        }
        Files.writeString(dir.resolve("resources/agents.yaml"), agents.toString());
        Files.writeString(dir.resolve("resources/credentials.yaml"), creds.toString());
        return true;
    }

    /** True until {@link #welcomeShown} (the generated credentials have not been printed yet). */
    static boolean welcomePending(Path dir) {
        return Files.exists(dir.resolve(WELCOME_PENDING));
    }

    static void welcomeShown(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(WELCOME_PENDING));
    }

    /**
     * A self-signed certificate for TLS and WSS, made with the JDK's keytool (EC P-256, ten
     * years, names localhost and the bind address). False when keytool cannot be run.
     */
    private static boolean selfSignedCertificate(Path store, String password, String bindAddr) throws IOException {
        Files.createDirectories(store.getParent());
        String ip = bindAddr.equals("0.0.0.0") || bindAddr.equals("::") ? "127.0.0.1" : bindAddr;
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder pb = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "tandem", "-keyalg", "EC",
            "-groupname", "secp256r1", "-dname", "CN=tandem", "-validity", "3650", "-storetype", "PKCS12",
            "-keystore", store.toString(), "-storepass", password, "-keypass", password,
            "-ext", "SAN=dns:localhost,ip:" + ip).redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                System.err.println("tandem: no TLS/WSS listeners: keytool failed: " + out.trim());
                return false;
            }
            return true;
        } catch (IOException e) {
            System.err.println("tandem: no TLS/WSS listeners: cannot run " + keytool + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String password() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
