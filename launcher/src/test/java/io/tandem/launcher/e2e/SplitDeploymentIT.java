package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The split deployment: {@code tandem run} (the EdgePort and Dispatcher) whose dispatcher.yaml
 * sends REGISTER, INVITE, MESSAGE (and ACK, BYE, CANCEL) to {@code tandem connect} in another
 * process, over gRPC on loopback. A REGISTER and an agent-to-agent call (SIPp) go through; with
 * the connect process killed, requests get 503 at once, naming the processor; once it is started
 * again, the same EdgePort uses it again (register and call again) without being restarted.
 * {@code /readyz} is red naming the processor and its address while it is down, green again after.
 */
class SplitDeploymentIT extends E2eFixture {
    static String dispatcher(int connectPort) {
        return """
            kind: MessageDispatcher
            apiVersion: v2beta1
            ref: split
            spec:
              processors:
                - ref: connect-processor
                  addr: 127.0.0.1:%d
                  methods: [REGISTER, INVITE, MESSAGE, ACK, BYE, CANCEL]
                  matchFunc: "true"
            """.formatted(connectPort);
    }

    @Test
    void registerAndCallThroughARemoteConnectFailFastWhileItIsDownAndRecoverWhenItIsBack() throws Exception {
        int sipPort = Ports.free();
        int connectPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        write(config, "dispatcher.yaml", dispatcher(connectPort));
        TandemProcess connect = startConnect(config, connectPort, "connect");
        TandemProcess edge = tandem("edge", "run", "--config", config.toString(), "--http", freeHttp(), "--digest", "MD5");
        // ready only once the remote processor is reachable too
        assertThat(edge.awaitReady(Duration.ofSeconds(90)).body()).isEqualTo("ok\n");
        assertThat(edge.stdout()).contains("processor connect-processor at 127.0.0.1:" + connectPort + ": remote, over gRPC");
        InetSocketAddress edgeAddr = new InetSocketAddress("127.0.0.1", sipPort);

        registerAndCall(edgeAddr, "first");
        // MESSAGE went to the remote Connect too: its digest challenge, not the Dispatcher's 405
        message(edgeAddr, "message-407", 407);
        assertThat(connect.stdout()).contains("connect processor serving gRPC on 127.0.0.1:" + connectPort);

        connect.close(); // killed, as a crash would
        long t0 = System.nanoTime();
        SipResponse down = message(edgeAddr, "message-503", 503);
        long downMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(down.reason()).isEqualTo("Service Unavailable (processor connect-processor unreachable)");
        // a SIPp run of one MESSAGE, answered at once: nowhere near the processor timeout (5 s) or a retransmission
        assertThat(downMillis).as("503 while Connect is down, in ms").isLessThan(3000);
        assertThat(edge.stdout()).contains("processor connect-processor at 127.0.0.1:" + connectPort + " is unreachable");
        TandemProcess.Http red = edge.awaitHttp("/readyz", h -> h.status() == 503, "/readyz 503 while Connect is down",
            Duration.ofSeconds(10));
        assertThat(red.body()).as("/readyz names the processor and its address")
            .isEqualTo("processor connect-processor: unreachable at 127.0.0.1:" + connectPort + " (TRANSIENT_FAILURE)\n");
        assertThat(edge.get("/healthz").status()).as("/healthz: the EdgePort itself is alive").isEqualTo(200);

        startConnect(config, connectPort, "connect-again");
        long t1 = System.nanoTime();
        int attempts = 0;
        Sipp.Run probe;
        do {
            attempts++;
            probe = sipp.uac("message.xml", Ports.free(), edgeAddr).name("probe-" + attempts).service("1002")
                .set("USER", "1001").set("DOMAIN", DOMAIN).set("STATUS", 407).timeout(Duration.ofSeconds(5)).start();
            probe.exitCode();
        } while (probe.exitCode() != 0 && attempts < 20);
        probe.assertSuccess();
        long recoveredMillis = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("SplitDeploymentIT: 503 in %d ms while down; used again %d ms after the restart (%d attempts)%n",
            downMillis, recoveredMillis, attempts);
        assertThat(edge.stdout()).contains("processor connect-processor at 127.0.0.1:" + connectPort + " answers again");
        assertThat(edge.awaitReady(Duration.ofSeconds(10)).body()).as("/readyz green again").isEqualTo("ok\n");
        // the restarted Connect has an empty (memory) location: register again, then call
        registerAndCall(edgeAddr, "again");
        assertThat(edge.isAlive()).isTrue();
    }

    /**
     * Four processes, every link over mutual TLS (one self-signed certificate, trusted as the CA by
     * every side): edgeport → dispatcher → connect → location. Connect is killed: the Dispatcher
     * answers 503 naming it at once; once it is started again, the same EdgePort and Dispatcher
     * use it again, and 1002's registration is still there (it lives in the Location process). The
 * Dispatcher's {@code /readyz} is red naming Connect meanwhile.
     */
    @Test
    void fourProcessesOverTlsConnectRestartsBehindTheDispatcherAndTheRegistrationsStay() throws Exception {
        Split split = startFour(selfSignedTls());
        TandemProcess location = split.location();
        TandemProcess connect = split.connect();
        TandemProcess dispatcher = split.dispatcher();
        TandemProcess edge = split.edge();
        String[] connectArgs = split.connectArgs();
        int connectPort = split.connectPort();
        assertThat(edge.stdout()).contains("dispatcher at 127.0.0.1:" + split.dispatcherPort() + ": remote, over gRPC with TLS");
        InetSocketAddress edgeAddr = split.sip();
        int port1002 = registerAgent1002(edgeAddr, "first");
        callAgent1002(edgeAddr, port1002, "first");

        connect.close();
        long t0 = System.nanoTime();
        SipResponse down = message(edgeAddr, "message-503", 503);
        long downMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(down.reason()).isEqualTo("Service Unavailable (processor connect-processor unreachable)");
        assertThat(downMillis).as("503 while Connect is down, in ms").isLessThan(3000);
        assertThat(dispatcher.stdout()).contains("processor connect-processor at 127.0.0.1:" + connectPort + " is unreachable");
        TandemProcess.Http red = dispatcher.awaitHttp("/readyz", h -> h.status() == 503, "the Dispatcher's /readyz 503",
            Duration.ofSeconds(10));
        assertThat(red.body()).isEqualTo("processor connect-processor: unreachable at 127.0.0.1:" + connectPort + " (TRANSIENT_FAILURE)\n");

        tandem("connect-again", connectArgs).awaitStdout("connect processor serving gRPC", Duration.ofSeconds(60));
        int attempts = 0;
        Sipp.Run probe;
        do {
            attempts++;
            probe = sipp.uac("message.xml", Ports.free(), edgeAddr).name("probe-" + attempts).service("1002")
                .set("USER", "1001").set("DOMAIN", DOMAIN).set("STATUS", 407).timeout(Duration.ofSeconds(5)).start();
        } while (probe.exitCode() != 0 && attempts < 20);
        probe.assertSuccess();
        assertThat(dispatcher.stdout()).contains("processor connect-processor at 127.0.0.1:" + connectPort + " answers again");
        assertThat(dispatcher.awaitReady(Duration.ofSeconds(10)).body()).as("the Dispatcher's /readyz once Connect is back").isEqualTo("ok\n");
        // no REGISTER again: 1002's binding is in the Location process, which did not restart
        callAgent1002(edgeAddr, port1002, "again");
        for (TandemProcess p : java.util.List.of(location, dispatcher, edge)) {
            assertThat(p.isAlive()).isTrue();
        }
    }

    /**
     * The "restart of the Connect process under light load", four processes in plaintext:
     * 1001 calls 1002 at 5 calls/s (SIPp, 100 calls) while Connect is killed 4 s in and started again
     * 3 s later. Every call either goes through (407, 200, BYE) or is answered 503 at once naming
     * Connect as unreachable (never a timeout, never another status); calls succeed again after the
     * restart, through the same EdgePort and Dispatcher, with 1002's binding kept by the Location.
     */
    @Test
    void callsAtFivePerSecondThroughAConnectRestartGet503WhileItIsDownAndGoThroughAfter() throws Exception {
        Split split = startFour(new String[0]);
        InetSocketAddress edgeAddr = split.sip();
        int port1002 = registerAgent1002(edgeAddr, "load");
        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("callee-1002-load").calls(1000).timeout(Duration.ofSeconds(120))
            .start();
        Sipp.Run caller = sipp.uac("restart-call.xml", Ports.free(), edgeAddr).name("caller-1001-load").service("1002")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", DOMAIN).set("HOLD_MS", 100)
            .calls(100).rate(5).timeout(Duration.ofSeconds(90)).start();
        Thread.sleep(4000);
        split.connect().close();
        long killed = System.nanoTime();
        Thread.sleep(3000);
        tandem("connect-again", split.connectArgs()).awaitStdout("connect processor serving gRPC", Duration.ofSeconds(60));
        long back = System.nanoTime();
        caller.assertSuccess();
        callee.kill();

        // each call's last INVITE final response, by SIPp call number (the Call-ID starts with it)
        java.util.TreeMap<Integer, SipResponse> outcome = new java.util.TreeMap<>();
        for (SipResponse r : caller.receivedResponses()) {
            if (r.status() >= 200 && r.cseq().method().name().equals("INVITE")) {
                outcome.put(Integer.parseInt(r.callId().substring(0, r.callId().indexOf('-'))), r);
            }
        }
        long byes503 = caller.receivedResponses().stream()
            .filter(r -> r.status() == 503 && r.cseq().method().name().equals("BYE")).count();
        java.util.List<Integer> unavailable = new java.util.ArrayList<>();
        java.util.List<Integer> through = new java.util.ArrayList<>();
        outcome.forEach((call, r) -> {
            if (r.status() == 503) {
                assertThat(r.reason()).as("call " + call).isEqualTo("Service Unavailable (processor connect-processor unreachable)");
                unavailable.add(call);
            } else {
                assertThat(r.status()).as("call " + call + ": " + r.reason()).isEqualTo(200);
                through.add(call);
            }
        });
        System.out.printf("SplitDeploymentIT: 100 calls at 5/s, Connect down %d ms: %d through, %d answered 503 (INVITE), "
                + "%d BYEs answered 503; 503s from call %d to %d%n", (back - killed) / 1_000_000, through.size(), unavailable.size(),
            byes503, unavailable.isEmpty() ? 0 : unavailable.getFirst(), unavailable.isEmpty() ? 0 : unavailable.getLast());
        assertThat(outcome).as("every call was answered").hasSize(100);
        assertThat(unavailable).as("calls while Connect was down").isNotEmpty();
        assertThat(through).as("calls before Connect went down").anyMatch(c -> c < unavailable.getFirst());
        assertThat(through.stream().filter(c -> c > unavailable.getLast()).count()).as("calls after it came back")
            .isGreaterThanOrEqualTo(10);
        for (TandemProcess p : java.util.List.of(split.location(), split.dispatcher(), split.edge())) {
            assertThat(p.isAlive()).isTrue();
        }
    }

    /** The four processes of a split deployment on loopback, ready, and what a test needs of them. */
    private record Split(TandemProcess location, TandemProcess connect, TandemProcess dispatcher, TandemProcess edge,
                         String[] connectArgs, int connectPort, int dispatcherPort, InetSocketAddress sip) {
    }

    /** location, connect (on that Location), dispatcher, edgeport: every link over {@code tls} (none when empty). */
    private Split startFour(String[] tls) throws Exception {
        int sipPort = Ports.free();
        int locationPort = Ports.free();
        int connectPort = Ports.free();
        int dispatcherPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        write(config, "dispatcher.yaml", dispatcher(connectPort));
        String over = tls.length > 0 ? "over TLS " : "";
        TandemProcess location = tandem("location", with(tls, "location", "--config", config.toString(), "--listen",
            "127.0.0.1:" + locationPort));
        location.awaitStdout("serving gRPC " + over + "on 127.0.0.1:" + locationPort, Duration.ofSeconds(60));
        String[] connectArgs = with(tls, "connect", "--config", config.toString(), "--listen", "127.0.0.1:" + connectPort,
            "--location", "127.0.0.1:" + locationPort, "--digest", "MD5");
        TandemProcess connect = tandem("connect", connectArgs);
        TandemProcess dispatcher = tandem("dispatcher", with(tls, "dispatcher", "--config", config.toString(), "--listen",
            "127.0.0.1:" + dispatcherPort, "--http", freeHttp()));
        connect.awaitStdout("connect processor serving gRPC " + over + "on 127.0.0.1:" + connectPort, Duration.ofSeconds(60));
        dispatcher.awaitStdout("dispatcher split serving gRPC " + over + "on 127.0.0.1:" + dispatcherPort, Duration.ofSeconds(60));
        TandemProcess edge = tandem("edgeport", with(tls, "edgeport", "--config", config.toString(), "--http", freeHttp(),
            "--dispatcher", "127.0.0.1:" + dispatcherPort));
        assertThat(edge.awaitReady(Duration.ofSeconds(90)).body()).isEqualTo("ok\n");
        assertThat(dispatcher.awaitReady(Duration.ofSeconds(10)).body()).isEqualTo("ok\n");
        return new Split(location, connect, dispatcher, edge, connectArgs, connectPort, dispatcherPort,
            new InetSocketAddress("127.0.0.1", sipPort));
    }

    /** The three TLS options for a self-signed certificate for 127.0.0.1 (made by openssl), as cert, key and CA. */
    private String[] selfSignedTls() throws Exception {
        Path[] pem = selfSignedPem(dir, "grpc");
        return new String[] {"--grpc-cert", pem[0].toString(), "--grpc-key", pem[1].toString(), "--grpc-ca", pem[0].toString()};
    }

    private static String[] with(String[] tls, String... args) {
        String[] out = java.util.Arrays.copyOf(args, args.length + tls.length);
        System.arraycopy(tls, 0, out, args.length, tls.length);
        return out;
    }

    @Test
    void connectRefusesABadListenAddressAndATakenPortNamingThem() throws Exception {
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, Ports.free(), Ports.free());
        TandemProcess.Result bad = TandemProcess.run(dir, "bad-listen", Duration.ofSeconds(60), "connect", "--config",
            config.toString(), "--listen", "127.0.0.1");
        assertThat(bad.exitCode()).as(bad.description()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--listen must be ADDR:PORT, not 127.0.0.1");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            TandemProcess.Result busy = TandemProcess.run(dir, "taken", Duration.ofSeconds(60), "connect", "--config",
                config.toString(), "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertThat(busy.exitCode()).as(busy.description()).isEqualTo(1);
            assertThat(busy.stderr()).contains("tandem: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void theSplitCommandsRefuseBadInputNamingIt() throws Exception {
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, Ports.free(), Ports.free());
        write(config, "dispatcher.yaml", """
            kind: MessageDispatcher
            apiVersion: v2beta1
            ref: split
            spec:
              processors:
                - {ref: connect-processor, methods: [REGISTER, INVITE], matchFunc: "true"}
            """);
        TandemProcess.Result noAddr = TandemProcess.run(dir, "dispatcher-no-addr", Duration.ofSeconds(60), "dispatcher", "--config",
            config.toString(), "--listen", "127.0.0.1:0");
        assertThat(noAddr.exitCode()).as(noAddr.description()).isEqualTo(2);
        assertThat(noAddr.stderr()).contains(config.resolve("dispatcher.yaml") + ": spec.processors[0].addr: processor connect-processor: "
            + "tandem dispatcher reaches every processor over gRPC: give it an addr");

        TandemProcess.Result digest = TandemProcess.run(dir, "edgeport-digest", Duration.ofSeconds(60), "edgeport", "--config",
            config.toString(), "--digest", "MD5");
        assertThat(digest.exitCode()).as(digest.description()).isEqualTo(2);
        assertThat(digest.stderr()).contains("--digest is an option of the Connect processor: give it to tandem connect");

        TandemProcess.Result badDispatcher = TandemProcess.run(dir, "edgeport-bad-dispatcher", Duration.ofSeconds(60), "edgeport",
            "--config", config.toString(), "--dispatcher", "::1:51901");
        assertThat(badDispatcher.exitCode()).as(badDispatcher.description()).isEqualTo(2);
        assertThat(badDispatcher.stderr()).contains("--dispatcher must be ADDR:PORT, not ::1:51901 ('::1:51901': an IPv6 address is "
            + "written in brackets ([::1]:51901))");

        Path missing = dir.resolve("missing.key");
        TandemProcess.Result halfTls = TandemProcess.run(dir, "location-half-tls", Duration.ofSeconds(60), "location", "--config",
            config.toString(), "--listen", "127.0.0.1:0", "--grpc-key", missing.toString());
        assertThat(halfTls.exitCode()).as(halfTls.description()).isEqualTo(2);
        assertThat(halfTls.stderr()).contains("--grpc-cert/--grpc-key/--grpc-ca: a private key without its certificate");
    }

    private TandemProcess startConnect(Path config, int port, String name) throws IOException {
        TandemProcess connect = tandem(name, "connect", "--config", config.toString(), "--listen", "127.0.0.1:" + port,
            "--digest", "MD5");
        connect.awaitStdout("connect processor serving gRPC", Duration.ofSeconds(60));
        return connect;
    }

    private void registerAndCall(InetSocketAddress edge, String round) throws IOException {
        callAgent1002(edge, registerAgent1002(edge, round), round);
    }

    private SipResponse message(InetSocketAddress edge, String name, int status) throws IOException {
        Sipp.Run run = sipp.uac("message.xml", Ports.free(), edge).name(name).service("1002")
            .set("USER", "1001").set("DOMAIN", DOMAIN).set("STATUS", status).start().assertSuccess();
        return run.receivedResponses().stream().filter(r -> r.status() >= 200).reduce((a, b) -> b).orElseThrow();
    }
}
