package io.tandem.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.metrics.MetricsRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The readiness checks become tandem_backend_up and tandem_backend_check_microseconds, one series per backend. */
class BackendHealthTest {
    @Test
    void aBackendThatAnswersIsUpOneThatIsGoneIsDown() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int closed;
            try (ServerSocket gone = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                closed = gone.getLocalPort();
            }
            Map<String, Supplier<CompletionStage<?>>> checks = new LinkedHashMap<>();
            checks.put("location (redis 127.0.0.1:" + listening.getLocalPort() + ")", () -> connect(listening.getLocalPort()));
            checks.put("provisioning (database)", () -> connect(closed));
            MetricsRegistry metrics = new MetricsRegistry();
            try (BackendHealth health = new BackendHealth(checks, metrics)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> metrics.value("tandem_backend_check_microseconds", "backend", "provisioning") > 0);
                await().atMost(Duration.ofSeconds(5)).until(() -> health.up("location"));
                assertThat(metrics.value("tandem_backend_up", "backend", "location")).isEqualTo(1);
                assertThat(metrics.value("tandem_backend_up", "backend", "provisioning")).as("connection refused").isZero();
                assertThat(metrics.value("tandem_backend_check_microseconds", "backend", "location")).isPositive();
            }
        }
    }

    /** A real TCP connect, as a Redis or database ping would make. */
    private static CompletionStage<?> connect(int port) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getPort();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
