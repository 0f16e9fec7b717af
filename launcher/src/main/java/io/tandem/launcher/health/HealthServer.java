package io.tandem.launcher.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.processor.ListeningPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /healthz}: the process is alive and its event loops run tasks.
 * {@code GET /readyz}: every listener answers a SIP OPTIONS sent to itself, and every backend
 * (Redis...) answers. 200 with "ok", or 503 listing each problem on its own line; then, either
 * way, the detail lines (each trunk's registration: informative, never a problem by itself).
 */
public final class HealthServer implements AutoCloseable {
    private static final long CHECK_MS = 3000;

    private final java.util.Map<String, com.sun.net.httpserver.HttpHandler> routes = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService probeThreads = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param liveness completes when the event loops have run a task
     * @param listeners the listening points to probe
     * @param backends name → check of each backend
     */
    public HealthServer(InetSocketAddress bind, Supplier<CompletionStage<?>> liveness,
                        Supplier<List<ListeningPoint>> listeners, Map<String, Supplier<CompletionStage<?>>> backends)
            throws IOException {
        this(bind, liveness, listeners, backends, List::of);
    }

    /** @param details lines shown after the verdict of {@code /readyz}, which they do not change */
    public HealthServer(InetSocketAddress bind, Supplier<CompletionStage<?>> liveness,
                        Supplier<List<ListeningPoint>> listeners, Map<String, Supplier<CompletionStage<?>>> backends,
                        Supplier<List<String>> details) throws IOException {
        server = HttpServer.create(bind, 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/healthz", ex -> {
            String problem = await("event loops", liveness.get());
            reply(ex, problem == null ? List.of() : List.of(problem), List.of());
        });
        server.createContext("/readyz", ex -> {
            List<String> problems = new ArrayList<>(probeListeners(listeners.get()));
            backends.forEach((name, check) -> {
                String p = await(name, check.get());
                if (p != null) {
                    problems.add(p);
                }
            });
            reply(ex, problems, details.get());
        });
        server.start();
    }

    /**
     * Probes every listener at once, each on a virtual thread, and waits {@link #CHECK_MS} in all:
     * one that has not answered by then is a problem, so /readyz never waits on a stuck probe.
     */
    private List<String> probeListeners(List<ListeningPoint> points) {
        List<CompletableFuture<String>> probes = new ArrayList<>(points.size());
        for (ListeningPoint lp : points) {
            probes.add(CompletableFuture.supplyAsync(() -> SelfProbe.probe(lp), probeThreads));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECK_MS);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            ListeningPoint lp = points.get(i);
            String p;
            try {
                p = probes.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                probes.get(i).cancel(true);
                p = lp.transport() + " " + lp.port() + ": the OPTIONS probe took longer than " + CHECK_MS + " ms";
            } catch (java.util.concurrent.ExecutionException e) {
                p = lp.transport() + " " + lp.port() + ": " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p = lp.transport() + " " + lp.port() + ": interrupted";
            }
            if (p != null) {
                problems.add("listener " + p);
            }
        }
        return problems;
    }

    /** Serves {@code path} (and what is under it) with {@code handler} too (/metrics, /calls). */
    public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
        routes.put(path, handler);
    }

    /**
     * The handler routed at {@code path}, or null: for a more specific route that serves some
     * methods only and hands the others to the one it shadows (DELETE /calls/ID, GET /calls/ID/flow).
     */
    public com.sun.net.httpserver.HttpHandler routed(String path) {
        return routes.get(path);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static String await(String what, CompletionStage<?> check) {
        try {
            check.toCompletableFuture().get(CHECK_MS, TimeUnit.MILLISECONDS);
            return null;
        } catch (java.util.concurrent.TimeoutException e) {
            return what + ": no answer within " + CHECK_MS + " ms";
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            return what + ": " + (cause.getMessage() != null ? cause.getMessage() : cause.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return what + ": interrupted";
        }
    }

    private static void reply(HttpExchange ex, List<String> problems, List<String> details) throws IOException {
        StringBuilder text = new StringBuilder(problems.isEmpty() ? "ok\n" : String.join("\n", problems) + "\n");
        details.forEach(d -> text.append(d).append('\n'));
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(problems.isEmpty() ? 200 : 503, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        probeThreads.shutdownNow();
    }
}
