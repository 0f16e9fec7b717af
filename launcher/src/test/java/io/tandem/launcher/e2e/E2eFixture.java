package io.tandem.launcher.e2e;

import io.tandem.processor.Transport;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test shares: its own directory (kept when the test fails), the launcher
 * processes and SIPp runs it starts (all killed after the test), and the logs of all of them
 * appended to whatever failure the test ends with.
 */
abstract class E2eFixture {
    /** The fixed ports of the embedded defaults (UDP and TCP 5060, TLS 5061, WS 5062, WSS 5063). */
    static final int[] DEFAULT_PORTS = {5060, 5061, 5062, 5063};
    static final String DEFAULT_DOMAIN = "sip.local";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    Sipp sipp;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, Supplier<String>> diagnostics = new LinkedHashMap<>();

    @RegisterExtension
    final TestExecutionExceptionHandler showLogs = new TestExecutionExceptionHandler() {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            StringBuilder sb = new StringBuilder(String.valueOf(failure.getMessage()));
            sb.append("\n\n######## logs of the processes of this test (directory ").append(dir).append(", kept)");
            diagnostics.forEach((name, d) -> {
                try {
                    sb.append("\n").append(d.get());
                } catch (RuntimeException e) {
                    sb.append("\n(").append(name).append(": ").append(e).append(")");
                }
            });
            AssertionError withLogs = new AssertionError(sb.toString(), failure);
            withLogs.setStackTrace(failure.getStackTrace());
            throw withLogs;
        }
    };

    @BeforeEach
    void prepareFixture() throws IOException {
        sipp = new Sipp(Files.createDirectories(dir.resolve("sipp")));
    }

    @AfterEach
    void stopEverything() {
        sipp.close();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    /** Closed (in reverse order) after the test. */
    <T extends AutoCloseable> T closeAfter(T c) {
        closeables.add(c);
        return c;
    }

    /** Shown with a failure. */
    void diagnostic(String name, Supplier<String> d) {
        diagnostics.put(name, d);
    }

    /** Starts {@code tandem ARGS} (debug logging: every SIP message in and out) in the test's directory. */
    TandemProcess tandem(String name, String... args) throws IOException {
        TandemProcess t = closeAfter(TandemProcess.start(dir, name, Map.of("TANDEM_LOG_LEVEL", "debug"), args));
        diagnostic(name, t::describe);
        return t;
    }

    /** {@code tandem run --config CONFIG --data DATA --digest MD5} (SIPp knows only MD5), ready. */
    TandemProcess runReady(Path config, Path data) throws IOException {
        TandemProcess t = tandem("tandem", "run", "--config", config.toString(), "--data", data.toString(), "--http", freeHttp(),
            "--digest", "MD5");
        t.awaitReady(java.time.Duration.ofSeconds(90));
        return t;
    }

    /**
     * Registers agent 1001 of {@link ConfigDirectoryCallsIT#writeConfig}'s configuration through
     * {@code edge}, from a free port of 127.0.0.1 (where its calls will come); that port.
     */
    int registerAgent1001(InetSocketAddress edge) throws IOException {
        int port = Ports.free();
        sipp.uac("agent-register.xml", port, edge).name("register-1001").set("USER", "1001").set("PASSWORD", "pw-1001")
            .set("DOMAIN", ConfigDirectoryCallsIT.DOMAIN).start().assertSuccess();
        return port;
    }

    /** Registers agent 1002 through {@code edge} from a free port (401, then 200); that port. */
    int registerAgent1002(InetSocketAddress edge, String round) throws IOException {
        int port = Ports.free();
        Sipp.Run reg = sipp.uac("agent-register.xml", port, edge).name("register-1002-" + round)
            .set("USER", "1002").set("PASSWORD", "pw-1002").set("DOMAIN", ConfigDirectoryCallsIT.DOMAIN).start().assertSuccess();
        org.assertj.core.api.Assertions.assertThat(EmbeddedDefaultsIT.finalStatuses(reg)).as("REGISTER " + round)
            .containsExactly(401, 200);
        return port;
    }

    /** 1001 calls 1002, registered at {@code port1002}: 407, then 200, BYE after 100 ms; the callee's run (INVITE and BYE seen). */
    Sipp.Run callAgent1002(InetSocketAddress edge, int port1002, String round) throws IOException {
        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("callee-1002-" + round).start();
        Sipp.Run caller = sipp.uac("agent-call.xml", Ports.free(), edge).name("caller-1001-" + round).service("1002")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", ConfigDirectoryCallsIT.DOMAIN).set("HOLD_MS", 100).start();
        caller.assertSuccess();
        callee.assertSuccess();
        org.assertj.core.api.Assertions.assertThat(EmbeddedDefaultsIT.finalStatuses(caller)).as("INVITE " + round)
            .containsExactly(407, 200);
        org.assertj.core.api.Assertions.assertThat(callee.received("INVITE")).isNotEmpty();
        org.assertj.core.api.Assertions.assertThat(callee.received("BYE")).hasSize(1);
        return callee;
    }

    /** {@code 127.0.0.1:<free port>}, for {@code --http}. */
    static String freeHttp() {
        return "127.0.0.1:" + Ports.free();
    }

    /**
     * Fails at once, with the reason, when one of the embedded defaults' fixed ports is in use on
     * this machine (the launcher would stay up with /readyz red, retrying, and the test would time out).
     */
    static void assertDefaultPortsFree() {
        List<String> busy = new ArrayList<>();
        for (int port : DEFAULT_PORTS) {
            for (Transport t : List.of(Transport.UDP, Transport.TCP)) {
                if (Ports.isBound(t, port) || !canBind(t, port)) {
                    busy.add(t + " " + port);
                }
            }
        }
        if (!busy.isEmpty()) {
            throw new AssertionError("this test runs 'tandem run' with the embedded defaults, which listen on the fixed ports "
                + "5060 (UDP, TCP), 5061 (TLS), 5062 (WS) and 5063 (WSS); in use on this machine: " + busy
                + ". Stop whatever holds them (ss -lunpt | grep 506) and run the test again.");
        }
    }

    private static boolean canBind(Transport t, int port) {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            if (t == Transport.UDP) {
                try (DatagramSocket s = new DatagramSocket(null)) {
                    s.bind(a);
                }
            } else {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(a);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The user → password lines the first run of the embedded defaults prints. */
    static Map<String, String> printedCredentials(String stdout) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("username: (\\S+)\\s+password: (\\S+)").matcher(stdout);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** A YAML file of the configuration directory {@code config}. */
    static void write(Path config, String file, String yaml) throws IOException {
        Path p = config.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml);
    }

    /** An EdgePort document listening on UDP and TCP {@code port} of 127.0.0.1. */
    static String edgePortYaml(int port) {
        return """
            kind: EdgePort
            apiVersion: v2beta1
            ref: edgeport-e2e
            metadata:
              region: default
            spec:
              bindAddr: 127.0.0.1
              localnets: [127.0.0.0/8]
              transport:
                - protocol: udp
                  port: %1$d
                - protocol: tcp
                  port: %1$d
            """.formatted(port);
    }

    /** The securityContext of an EdgePort document (indented for its spec) naming {@link #selfSignedKeyStore}'s store. */
    static String securityContextYaml() {
        return """
              securityContext:
                keyStore: keystore.p12
                keyStorePassword: e2e-pass
                keyStoreType: pkcs12
                client: {protocols: [TLSv1.2, TLSv1.3], authType: DisabledAll}
            """;
    }

    /** A self-signed EC certificate for {@code cn} ({@code san}: keytool's SAN, e.g. dns:x or ip:127.0.0.1) in config/keystore.p12. */
    void selfSignedKeyStore(Path config, String cn, String san) throws IOException, InterruptedException {
        Files.createDirectories(config);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "tandem", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
            "-validity", "30", "-storetype", "PKCS12", "-keystore", config.resolve("keystore.p12").toString(),
            "-storepass", "e2e-pass", "-keypass", "e2e-pass", "-ext", "SAN=" + san)
            .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!keytool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new AssertionError("keytool failed:\n" + Files.readString(dir.resolve("keytool.log")));
        }
    }

    /** A self-signed EC certificate for 127.0.0.1 and its PKCS#8 key, PEM files made by openssl in {@code at}: {cert, key}. */
    static Path[] selfSignedPem(Path at, String name) throws IOException, InterruptedException {
        Files.createDirectories(at);
        Path cert = at.resolve(name + ".crt");
        Path key = at.resolve(name + ".key");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=tandem-" + name, "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl failed:\n" + output);
        }
        return new Path[] {cert, key};
    }
}
