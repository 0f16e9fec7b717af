package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.DOMAIN;
import static io.tandem.launcher.e2e.EmbeddedDefaultsIT.finalStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The secret outlives the process: a call set up through one Tandem is hung up through the next
 * one started on the same configuration directory. The BYE's Route carries the Record-Route seal
 * of the first process, which the second verifies with the key derived from the same
 * {@code config/secret} (with a key per process it answered 403: not routed through this server).
 */
class SecretIT extends E2eFixture {
    private static final int HOLD_MS = 10_000;

    @Test
    void aCallSetUpBeforeARestartIsHungUpAfterIt() throws Exception {
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        String http = freeHttp();
        TandemProcess first = tandem("tandem-first", "run", "--config", config.toString(), "--http", http, "--digest", "MD5",
            "--grace", "500");
        first.awaitReady(Duration.ofSeconds(90));
        Path secret = config.resolve("secret");
        assertThat(first.stdout()).contains("secret from " + secret + " (created now)");
        assertThat(Files.readAllBytes(secret)).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");

        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        int port1002 = Ports.free();
        sipp.uac("agent-register.xml", port1002, edge).name("register-1002")
            .set("USER", "1002").set("PASSWORD", "pw-1002").set("DOMAIN", DOMAIN).start().assertSuccess();
        Duration patience = Duration.ofSeconds(60);
        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("callee-1002").timeout(patience).start();
        Sipp.Run caller = sipp.uac("agent-call.xml", Ports.free(), edge).name("caller-1001").service("1002")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", DOMAIN).set("HOLD_MS", HOLD_MS)
            .timeout(patience).start();

        // the call is up (the callee has the ACK): restart Tandem while the caller holds it
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (callee.received("ACK").isEmpty()) {
            assertThat(System.nanoTime()).as("the callee got no ACK within 20 s\n" + caller.describe()).isLessThan(end);
            TandemProcess.sleep(100);
        }
        long upNanos = System.nanoTime();
        first.sigterm();
        assertThat(first.awaitExit(Duration.ofSeconds(30))).isZero();
        TandemProcess second = tandem("tandem-second", "run", "--config", config.toString(), "--http", http, "--digest", "MD5");
        second.awaitReady(Duration.ofSeconds(60));
        assertThat(second.stdout()).contains("secret from " + secret).doesNotContain("(created now)");
        long restartMs = (System.nanoTime() - upNanos) / 1_000_000;

        // the caller's BYE (sent HOLD_MS after the ACK, retransmitted meanwhile) goes through the second process
        caller.assertSuccess();
        callee.assertSuccess();
        assertThat(finalStatuses(caller)).as("restarted within %d ms", restartMs).containsExactly(407, 200);
        assertThat(callee.received("BYE")).as("the BYE reached the callee").isNotEmpty();
        assertThat(second.stdout()).containsPattern("in  UDP BYE sip:callee@127\\.0\\.0\\.1:" + port1002);
    }
}
