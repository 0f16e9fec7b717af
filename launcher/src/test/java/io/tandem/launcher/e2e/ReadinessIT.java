package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /readyz} turns red, with the reason, while a listener cannot bind or the location backend
 * (Redis) is unreachable, and green again once they are back, without a restart; {@code /healthz}
 * stays green and the process stays up meanwhile. With all five transports it is green within a
 * few seconds of the start.
 */
class ReadinessIT extends E2eFixture {

    /**
     * UDP, TCP, TLS, WS and WSS, with a certificate for a name (as a real one is), not for the
     * loopback address the self-probes dial: ready within 5 s of "Tandem started", and every
     * /readyz answered within its probes' 3 s (the WSS probe used to hang for the 600 s idle timeout).
     */
    @Test
    void allFiveTransportsAreReadyWithinFiveSecondsOfTheStart() throws Exception {
        int port = Ports.free();
        int tls = Ports.free();
        int ws = Ports.free();
        int wss = Ports.free();
        Path config = dir.resolve("config");
        selfSignedKeyStore(config, "sip.e2e.test", "dns:sip.e2e.test");
        write(config, "edgeport.yaml", """
            kind: EdgePort
            apiVersion: v2beta1
            ref: edgeport-e2e
            metadata:
              region: default
            spec:
              bindAddr: 127.0.0.1
              transport:
                - {protocol: udp, port: %d}
                - {protocol: tcp, port: %d}
                - {protocol: tls, port: %d}
                - {protocol: ws, port: %d}
                - {protocol: wss, port: %d}
            """.formatted(port, port, tls, ws, wss) + securityContextYaml());

        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp());
        tandem.awaitStdout("Tandem started", Duration.ofSeconds(90));
        long started = System.nanoTime();
        long slowest = 0;
        TandemProcess.Http last;
        do {
            long t = System.nanoTime();
            last = tandem.get("/readyz");
            slowest = Math.max(slowest, System.nanoTime() - t);
            if (last.status() != 200) {
                TandemProcess.sleep(100);
            }
        } while (last.status() != 200 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
        assertThat(last).as("/readyz 5 s after the start").isEqualTo(new TandemProcess.Http(200, "ok\n"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("the slowest /readyz answer, in ms").isLessThan(4_000);
    }

    @Test
    void readyzNamesATakenPortAndAnUnreachableRedisAndRecoversWhenTheyAreBack() throws Exception {
        int sipPort = Ports.free();
        int redisPort = Ports.free();
        Path config = dir.resolve("config");
        write(config, "edgeport.yaml", edgePortYaml(sipPort));
        write(config, "location.yaml", """
            kind: Location
            apiVersion: v2beta1
            metadata:
              name: Shared location
            spec:
              cache:
                provider: redis
                parameters: "host=127.0.0.1,port=%d"
            """.formatted(redisPort));
        write(config, "resources/domains.yaml", """
            - apiVersion: v2beta1
              kind: Domain
              ref: dom-e2e
              metadata:
                name: E2E
              spec:
                context:
                  domainUri: e2e.test
            """);

        // someone else holds the SIP port, on UDP and TCP
        InetSocketAddress sip = new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPort);
        ServerSocket tcpSquatter = closeAfter(new ServerSocket());
        tcpSquatter.bind(sip);
        DatagramSocket udpSquatter = closeAfter(new DatagramSocket(sip));

        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp());
        TandemProcess.Http red = tandem.awaitHttp("/readyz", h -> h.status() == 503 && h.body().contains("cannot bind"),
            "/readyz 503 naming the bind error", Duration.ofSeconds(90));
        assertThat(red.body()).as("/readyz while the port is taken and Redis is down")
            .containsPattern("edgeport: .*cannot bind (udp|tcp) on 127\\.0\\.0\\.1:" + sipPort + ": .*Address already in use")
            .containsPattern("location \\(redis 127\\.0\\.0\\.1:" + redisPort + "\\): .*unreachable");
        assertThat(tandem.get("/healthz")).as("/healthz: alive all the same").isEqualTo(new TandemProcess.Http(200, "ok\n"));
        assertThat(tandem.stdout()).contains("EdgePort cannot start: cannot bind").contains("retrying every 5 s");

        // the port is freed: the EdgePort starts by itself at its next attempt (every 5 s)
        udpSquatter.close();
        tcpSquatter.close();
        long freed = System.nanoTime();
        TandemProcess.Http onlyRedis = tandem.awaitHttp("/readyz", h -> !h.body().contains("edgeport"),
            "/readyz without the EdgePort problem", Duration.ofSeconds(20));
        long recoveredMs = (System.nanoTime() - freed) / 1_000_000;
        assertThat(recoveredMs).as("the EdgePort retries every 5 s").isLessThan(12_000);
        assertThat(onlyRedis.status()).isEqualTo(503);
        assertThat(onlyRedis.body().strip()).as("only Redis is missing now")
            .startsWith("location (redis 127.0.0.1:" + redisPort + "):").doesNotContain("\n");
        assertThat(tandem.stdout()).contains("listening on UDP 127.0.0.1:" + sipPort).contains("listening on TCP 127.0.0.1:" + sipPort);
        try (Socket s = new Socket()) {
            s.connect(sip, 2000);
        }

        // Redis comes up: ready
        startRedis(redisPort);
        assertThat(tandem.awaitReady(Duration.ofSeconds(20)).body()).isEqualTo("ok\n");
        assertThat(tandem.isAlive()).isTrue();
    }

    private void startRedis(int port) throws Exception {
        Path log = dir.resolve("redis.log");
        Process redis;
        try {
            redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("redis-server cannot be run (" + e.getMessage() + "): install the Debian package "
                + "redis-server (bin/test-deps does, as root)", e);
        }
        closeAfter(() -> {
            redis.destroy();
            if (!redis.waitFor(3, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        });
        diagnostic("redis", () -> "=== redis-server (" + (redis.isAlive() ? "running" : "exited") + ")\n" + TandemProcess.tail(log, 4000));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!redis.isAlive() || System.nanoTime() > end) {
                    throw new AssertionError("redis-server did not start on port " + port + ":\n" + TandemProcess.tail(log, 4000));
                }
                TandemProcess.sleep(50);
            }
        }
    }
}
