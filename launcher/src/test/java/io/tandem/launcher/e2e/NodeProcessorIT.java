package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.DOMAIN;
import static io.tandem.launcher.e2e.EmbeddedDefaultsIT.finalStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A processor in another language: the example in examples/node-processor (Node, @grpc/grpc-js,
 * the protos of the grpc module) takes MESSAGE, as the dispatcher.yaml says, while Connect in
 * process keeps REGISTER and INVITE. Its Routr-shaped answer (response_type OK plus extension
 * headers built from the request's typed fields and wire body) reaches the SIPp sender.
 */
class NodeProcessorIT extends E2eFixture {
    static final Path EXAMPLE = Path.of("..", "examples", "node-processor").toAbsolutePath().normalize();
    private int sipPort;

    @Test
    void messageGoesToTheNodeProcessorAndTheRestToConnect() throws Exception {
        int nodePort = Ports.free();
        startExample("processor", nodePort);

        sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        write(config, "dispatcher.yaml", """
            kind: MessageDispatcher
            apiVersion: v2beta1
            ref: with-node
            spec:
              processors:
                - ref: node-messages
                  addr: 127.0.0.1:%d
                  methods: [MESSAGE]
                  matchFunc: "true"
                - ref: connect-processor
                  methods: [REGISTER, INVITE, ACK, BYE, CANCEL]
                  matchFunc: "true"
            """.formatted(nodePort));
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp(), "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);

        for (int i = 1; i <= 3; i++) {
            Sipp.Run message = sipp.uac("message.xml", Ports.free(), edge).name("message-" + i).service("1002")
                .set("USER", "1001").set("DOMAIN", DOMAIN).set("STATUS", 200).start().assertSuccess();
            SipResponse ok = message.receivedResponses().stream().filter(r -> r.status() >= 200).reduce((a, b) -> b).orElseThrow();
            assertThat(ok.reason()).isEqualTo("OK");
            assertThat(ok.header("X-Processor")).isEqualTo("node-example");
            assertThat(ok.header("X-Message-From")).isEqualTo("1001");
            assertThat(ok.header("X-Message-Text")).isEqualTo("hello");
            assertThat(ok.header("X-Handled")).isEqualTo(String.valueOf(i));
        }
        assertThat(Files.readString(dir.resolve("node.log"))).contains("processor: MESSAGE").contains("from 1001")
            .contains("via UDP 127.0.0.1:");

        // REGISTER is Connect's, in process: challenged, then accepted
        Sipp.Run reg = sipp.uac("agent-register.xml", Ports.free(), edge).name("register-1002")
            .set("USER", "1002").set("PASSWORD", "pw-1002").set("DOMAIN", DOMAIN).start().assertSuccess();
        assertThat(finalStatuses(reg)).containsExactly(401, 200);
        assertThat(Files.readString(dir.resolve("node.log"))).doesNotContain("REGISTER");
    }

    /**
     * The same Node service as a middleware (Routr's middleware contract is the Processor service):
     * before Connect, its 200 OK breaks the chain, so a MESSAGE Connect would challenge (407) is
     * answered by the middleware; once it is stopped, requests get 503 naming it, and /readyz too.
     */
    @Test
    void theNodeProcessorAsAMiddlewareAnswersBeforeConnectAnd503WhenItIsGone() throws Exception {
        int nodePort = Ports.free();
        NodeProcess nodeProcess = startExample("processor", nodePort);
        TandemProcess tandem = runWithMiddleware(nodePort, "node-gate");
        assertThat(tandem.stdout()).contains("middleware node-gate at 127.0.0.1:" + nodePort + ": remote, over gRPC (before the processor");
        InetSocketAddress edge = edge();

        Sipp.Run message = sipp.uac("message.xml", Ports.free(), edge).name("message-through-middleware").service("1002")
            .set("USER", "1001").set("DOMAIN", DOMAIN).set("STATUS", 200).start().assertSuccess();
        SipResponse ok = message.receivedResponses().stream().filter(r -> r.status() >= 200).reduce((a, b) -> b).orElseThrow();
        assertThat(ok.header("X-Processor")).as("answered by the middleware, not Connect's 407").isEqualTo("node-example");

        nodeProcess.close();
        Sipp.Run down = sipp.uac("message.xml", Ports.free(), edge).name("message-middleware-down").service("1002")
            .set("USER", "1001").set("DOMAIN", DOMAIN).set("STATUS", 503).start().assertSuccess();
        SipResponse unavailable = down.receivedResponses().stream().filter(r -> r.status() >= 200).reduce((a, b) -> b).orElseThrow();
        assertThat(unavailable.reason()).isEqualTo("Service Unavailable (middleware node-gate unreachable)");
        TandemProcess.Http red = tandem.awaitHttp("/readyz", h -> h.status() == 503, "/readyz 503 naming the middleware",
            Duration.ofSeconds(10));
        assertThat(red.body()).isEqualTo("middleware node-gate: unreachable at 127.0.0.1:" + nodePort + " (TRANSIENT_FAILURE)\n");
    }

    /**
     * The example middleware in Node (examples/node-processor/middleware.js) before Connect: it sends
     * every request back, as Routr's middlewares do, with X-Tenant and X-Edge-Source added to its
     * extensions. The request that goes on is the edited one: the callee (SIPp) sees both headers on
     * the INVITE and the BYE of a call from 1001 to 1002, and Connect's digest and routing are
     * untouched by them (407, then 200).
     */
    @Test
    void theNodeMiddlewaresHeadersReachTheCallee() throws Exception {
        int nodePort = Ports.free();
        startExample("middleware", nodePort, "acme");
        TandemProcess tandem = runWithMiddleware(nodePort, "node-tenant");
        InetSocketAddress edge = edge();

        Sipp.Run callee = callAgent1002(edge, registerAgent1002(edge, "tenant"), "tenant");
        for (String method : new String[] {"INVITE", "BYE"}) {
            assertThat(callee.received(method)).as(method + "s the callee saw").isNotEmpty().allSatisfy(r -> {
                assertThat(r.headers("X-Tenant")).containsExactly("acme");
                assertThat(r.header("X-Edge-Source")).startsWith("127.0.0.1:");
            });
        }
        assertThat(Files.readString(dir.resolve("node.log"))).contains("middleware: INVITE").contains("middleware: BYE");
        assertThat(tandem.stdout()).doesNotContain("sent back a request it may not");
    }

    /** Starts {@code node SCRIPT.js 127.0.0.1:PORT ARGS} in the example (npm ci first), logging to node.log, listening. */
    private NodeProcess startExample(String script, int port, String... args) throws Exception {
        installExample();
        List<String> cmd = new ArrayList<>(List.of("node", script + ".js", "127.0.0.1:" + port));
        cmd.addAll(List.of(args));
        NodeProcess node = closeAfter(new NodeProcess(new ProcessBuilder(cmd).directory(EXAMPLE.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("node.log").toFile()).start()));
        diagnostic("node", () -> "=== node " + script + "\n" + TandemProcess.tail(dir.resolve("node.log"), 8000));
        awaitLog(dir.resolve("node.log"), script + ": listening on", node.process());
        return node;
    }

    /** The SIP address of the {@code tandem run} {@link #runWithMiddleware} started. */
    private InetSocketAddress edge() {
        return new InetSocketAddress("127.0.0.1", sipPort);
    }

    /** {@code tandem run}, ready, whose dispatcher.yaml puts the middleware at {@code port} before Connect. */
    private TandemProcess runWithMiddleware(int port, String ref) throws Exception {
        Path config = dir.resolve("config");
        sipPort = Ports.free();
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        write(config, "dispatcher.yaml", """
            kind: MessageDispatcher
            apiVersion: v2beta1
            ref: with-node-middleware
            spec:
              processors:
                - ref: connect-processor
                  methods: [REGISTER, INVITE, MESSAGE, ACK, BYE, CANCEL]
                  matchFunc: "true"
              middlewares:
                - ref: %s
                  addr: 127.0.0.1:%d
            """.formatted(ref, port));
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp(), "--digest", "MD5");
        assertThat(tandem.awaitReady(Duration.ofSeconds(90)).body()).isEqualTo("ok\n");
        return tandem;
    }

    /** {@code npm ci} in the example when its dependencies are not installed yet. */
    private void installExample() throws IOException, InterruptedException {
        npmCi(EXAMPLE, "@grpc/grpc-js", dir.resolve("npm.log"));
    }

    /** {@code npm ci} in {@code example} (its committed package-lock.json) unless {@code node_modules/<module>} is there. */
    static void npmCi(Path example, String module, Path log) throws IOException, InterruptedException {
        if (Files.isDirectory(example.resolve("node_modules/" + module))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(example.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new AssertionError("npm ci in " + example + " failed (is nodejs/npm installed? bin/test-deps installs them):\n"
                + TandemProcess.tail(log, 4000));
        }
    }

    private static void awaitLog(Path log, String text, Process p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            if (!p.isAlive() || System.nanoTime() > end) {
                throw new AssertionError("node processor did not start:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(100);
        }
    }

    /** The node process, killed after the test. */
    private record NodeProcess(Process process) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
