package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem run} with nothing but a data directory: the embedded defaults are created, the
 * generated credentials printed once, two SIPp agents register with them (digest MD5: 401, then
 * 200) and call each other (407, then 200), and SIGTERM stops the server gracefully with exit code 0.
 */
class EmbeddedDefaultsIT extends E2eFixture {

    @Test
    void firstRunCreatesDefaultsTwoAgentsRegisterAndCallAndSigtermStopsWithExitCodeZero() throws Exception {
        assertDefaultPortsFree();
        Path data = dir.resolve("data");
        TandemProcess tandem = tandem("tandem", "run", "--data", data.toString(), "--bind", "127.0.0.1",
            "--http", freeHttp(), "--grace", "1000");

        // the welcome: listeners and the generated credentials, printed this once
        String welcome = tandem.awaitStdout("(?s)Tandem is running with embedded defaults.*These lines are shown once", Duration.ofSeconds(90)).group();
        assertThat(welcome).contains("server   UDP 127.0.0.1:5060", "server   TCP 127.0.0.1:5060", "server   TLS 127.0.0.1:5061",
            "server   WS 127.0.0.1:5062", "server   WSS 127.0.0.1:5063", "domain   sip.local");
        Map<String, String> credentials = printedCredentials(welcome);
        assertThat(credentials).as("printed credentials").containsOnlyKeys("1001", "1002");
        assertThat(credentials.values()).allSatisfy(p -> assertThat(p).matches("[A-Za-z0-9]{12}"));
        assertThat(credentials.get("1001")).isNotEqualTo(credentials.get("1002"));
        String stored = Files.readString(data.resolve("resources/credentials.yaml"));
        credentials.values().forEach(p -> assertThat(stored).contains("password: \"" + p + "\""));
        assertThat(data.resolve("edgeport.yaml")).isRegularFile();
        assertThat(data.resolve("tls/keystore.p12")).isRegularFile();

        assertThat(tandem.awaitReady(Duration.ofSeconds(60)).body()).isEqualTo("ok\n");
        assertThat(tandem.get("/healthz")).isEqualTo(new TandemProcess.Http(200, "ok\n"));

        InetSocketAddress udp = new InetSocketAddress("127.0.0.1", 5060);
        int callerPort = Ports.free();
        int calleePort = Ports.free();
        Md5OnlyRelay callerRelay = closeAfter(new Md5OnlyRelay(udp, callerPort));
        Md5OnlyRelay calleeRelay = closeAfter(new Md5OnlyRelay(udp, calleePort));

        Sipp.Run reg1002 = register(calleeRelay, calleePort, "1002", credentials.get("1002"));
        Sipp.Run reg1001 = register(callerRelay, callerPort, "1001", credentials.get("1001"));
        for (Sipp.Run reg : List.of(reg1001, reg1002)) {
            assertThat(finalStatuses(reg)).as("REGISTER: challenged, then accepted").containsExactly(401, 200);
        }
        // Tandem offered SHA-256 first and MD5 second; SIPp answered the MD5 challenge and was accepted
        for (Md5OnlyRelay relay : List.of(callerRelay, calleeRelay)) {
            assertThat(relay.challenges().getFirst()).startsWith("WWW-Authenticate: Digest").contains("realm=\"sip.local\"")
                .contains("algorithm=SHA-256");
            assertThat(relay.challenges()).anySatisfy(c -> assertThat(c).contains("algorithm=MD5"));
        }

        // 1001 calls 1002: the callee (registered from its port) answers there
        Sipp.Run callee = sipp.uas("uas-answer.xml", calleePort).name("callee-1002").start();
        Sipp.Run caller = sipp.uac("agent-call.xml", callerPort, callerRelay.address()).name("caller-1001").service("1002")
            .set("USER", "1001").set("PASSWORD", credentials.get("1001")).set("DOMAIN", DEFAULT_DOMAIN).start();
        caller.assertSuccess();
        callee.assertSuccess();
        assertThat(finalStatuses(caller)).as("INVITE: challenged (407), then answered").containsExactly(407, 200);
        assertThat(callee.received("INVITE")).isNotEmpty().allSatisfy(invite -> {
            assertThat(((SipUri) invite.requestUri()).user()).isEqualTo("1002");
            assertThat(((SipUri) invite.requestUri()).port()).isEqualTo(calleePort);
            assertThat(invite.header("Proxy-Authorization")).as("credentials stay at the proxy").isNull();
        });
        assertThat(callee.received("BYE")).isNotEmpty();
        assertThat(tandem.stdout()).contains("INVITE sip:1002@sip.local");

        // graceful stop
        long t0 = System.nanoTime();
        tandem.sigterm();
        int code = tandem.awaitExit(Duration.ofSeconds(20));
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(code).as("exit code after SIGTERM\n" + tandem.describe()).isZero();
        assertThat(tandem.stdout()).contains("stopping (grace 1000 ms)").containsPattern("tandem - stopped\\R");
        assertThat(stopMs).as("stopped within the grace period plus a margin").isLessThan(10_000);
        assertThat(tandem.stderr()).as("standard error").doesNotContain("Exception");
    }

    private Sipp.Run register(Md5OnlyRelay relay, int port, String user, String password) throws IOException {
        return sipp.uac("agent-register.xml", port, relay.address()).name("register-" + user)
            .set("USER", user).set("PASSWORD", password).set("DOMAIN", DEFAULT_DOMAIN).start().assertSuccess();
    }

    /** The final (non-100) responses a SIPp received, retransmissions removed. */
    static List<Integer> finalStatuses(Sipp.Run run) {
        return run.receivedResponses().stream().filter(r -> r.status() >= 200).map(SipResponse::status).distinct().toList();
    }
}
