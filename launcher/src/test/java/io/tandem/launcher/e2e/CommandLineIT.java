package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line itself: version, help, a bad option, a taken health port, credentials shown once. */
class CommandLineIT extends E2eFixture {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @Test
    void versionAndHelp() throws Exception {
        TandemProcess.Result version = TandemProcess.run(dir, "version", EXIT, "--version");
        assertThat(version.exitCode()).as(version.description()).isZero();
        assertThat(version.stdout().strip()).matches("tandem \\d+\\.\\d+\\.\\d+\\S* \\(Java 25[^)]*\\)");

        TandemProcess.Result help = TandemProcess.run(dir, "help", EXIT, "help");
        assertThat(help.exitCode()).as(help.description()).isZero();
        assertThat(help.stdout()).contains("Usage: tandem").containsPattern("(?m)^\\s+run\\s").containsPattern("(?m)^\\s+validate\\s");

        TandemProcess.Result runHelp = TandemProcess.run(dir, "run-help", EXIT, "run", "--help");
        assertThat(runHelp.exitCode()).as(runHelp.description()).isZero();
        assertThat(runHelp.stdout()).contains("--config=DIR", "--data=DIR", "--bind=ADDR", "--http=ADDR:PORT", "--grace=MS", "--digest=");
    }

    @Test
    void unknownDigestAlgorithmIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path data = dir.resolve("data");
        TandemProcess.Result r = TandemProcess.run(dir, "bad-digest", EXIT, "run", "--data", data.toString(), "--digest", "SHA-256,MD4",
            "--http", freeHttp());
        assertThat(r.exitCode()).as(r.description()).isEqualTo(2);
        assertThat(r.stderr()).contains("--digest: unknown algorithm 'MD4'");
        assertThat(data).doesNotExist();
    }

    @Test
    void registrarLimitsAreOptionsOfRunAndOutOfRangeOnesAreRefusedNamingTheOption() throws Exception {
        Path data = dir.resolve("data");
        TandemProcess.Result r = TandemProcess.run(dir, "bad-expires", EXIT, "run", "--data", data.toString(), "--min-expires", "0",
            "--http", freeHttp());
        assertThat(r.exitCode()).as(r.description()).isEqualTo(2);
        assertThat(r.stderr()).contains("--min-expires: minExpires must be at least 1, not 0");
        assertThat(data).doesNotExist();

        // --min-expires 600: a REGISTER for 300 s is answered 423 with Min-Expires (RFC 3261 §10.3 step 7)
        assertDefaultPortsFree();
        TandemProcess tandem = tandem("tandem", "run", "--data", data.toString(), "--bind", "127.0.0.1", "--http", freeHttp(),
            "--digest", "MD5", "--min-expires", "600");
        String welcome = tandem.awaitStdout("(?s)Tandem is running with embedded defaults.*These lines are shown once",
            Duration.ofSeconds(90)).group();
        String password = printedCredentials(welcome).get("1001");
        tandem.awaitReady(Duration.ofSeconds(60));
        io.tandem.testkit.Sipp.Run reg = sipp.uac("agent-register.xml", io.tandem.testkit.Ports.free(),
                new java.net.InetSocketAddress("127.0.0.1", 5060)).name("register-brief")
            .set("USER", "1001").set("PASSWORD", password).set("DOMAIN", DEFAULT_DOMAIN).set("EXPIRES", 300).set("REG_STATUS", 423)
            .start().assertSuccess();
        assertThat(reg.receivedResponses()).anySatisfy(resp -> {
            assertThat(resp.status()).isEqualTo(423);
            assertThat(resp.header("Min-Expires")).isEqualTo("600");
        });
    }

    @Test
    void takenHealthPortIsReportedAndTheCredentialsAreShownByTheFirstRunThatStarts() throws Exception {
        assertDefaultPortsFree();
        Path data = dir.resolve("data");
        int httpPort = Ports.free();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort));
            TandemProcess.Result r = TandemProcess.run(dir, "http-taken", EXIT, "run", "--data", data.toString(), "--bind", "127.0.0.1",
                "--http", "127.0.0.1:" + httpPort);
            assertThat(r.exitCode()).as(r.description()).isEqualTo(1);
            assertThat(r.stderr()).as(r.description())
                .contains("tandem: cannot serve /healthz and /readyz on 127.0.0.1:" + httpPort + ": Address already in use")
                .doesNotContain("\tat ");
            assertThat(r.stdout()).doesNotContain("password:");
        }
        assertThat(data.resolve("resources/credentials.yaml")).as("the defaults were created all the same").isRegularFile();

        // the next run starts: it shows the credentials that no one has seen yet
        TandemProcess second = tandem("second-run", "run", "--data", data.toString(), "--bind", "127.0.0.1", "--http", freeHttp(),
            "--grace", "500");
        String welcome = second.awaitStdout("(?s)Tandem is running with embedded defaults.*These lines are shown once", Duration.ofSeconds(90)).group();
        assertThat(printedCredentials(welcome)).containsOnlyKeys("1001", "1002");
        second.awaitStdout("Tandem started", Duration.ofSeconds(10));
        second.sigterm();
        assertThat(second.awaitExit(Duration.ofSeconds(20))).as("exit code after SIGTERM").isZero();

        // and only once
        TandemProcess third = tandem("third-run", "run", "--data", data.toString(), "--bind", "127.0.0.1", "--http", freeHttp(),
            "--grace", "500");
        third.awaitStdout("Tandem started", Duration.ofSeconds(90));
        TandemProcess.sleep(300);
        assertThat(third.stdout()).doesNotContain("password:").doesNotContain("embedded defaults (created");
        third.sigterm();
        assertThat(third.awaitExit(Duration.ofSeconds(20))).as("exit code after SIGTERM").isZero();
    }
}
