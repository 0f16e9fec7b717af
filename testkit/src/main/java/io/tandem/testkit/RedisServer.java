package io.tandem.testkit;

import io.tandem.testkit.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server for tests, on a free loopback port, without persistence
 * ({@code --save "" --appendonly no}); never a shared instance. Needs the Debian package
 * redis-server.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Process process;
    private final Path dir;

    private RedisServer(int port, Process process, Path dir) {
        this.port = port;
        this.process = process;
        this.dir = dir;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        String exe = locate();
        if (exe == null) {
            throw new IllegalStateException("redis-server not found on PATH: the Redis registrar tests need a real "
                + "redis-server (Debian package redis-server)");
        }
        int port = Ports.free();
        Path dir = Files.createTempDirectory("tandem-reg-redis");
        Path log = dir.resolve("redis.log");
        Process p = new ProcessBuilder(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisServer server = new RedisServer(port, p, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"+PONG".equals(server.command("PING"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String out = Files.readString(log);
                server.close();
                throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + out);
            }
            Thread.sleep(20);
        }
        return server;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Empties every database, so that each test starts without bindings. */
    public void flush() {
        String reply = command("FLUSHALL");
        if (!"+OK".equals(reply)) {
            throw new IllegalStateException("FLUSHALL answered " + reply);
        }
    }

    /** Sends one inline command; the first reply line, or null when Redis does not answer. */
    private String command(String cmd) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\r' && b != '\n'; b = in.read()) {
                sb.append((char) b);
            }
            return sb.toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static String locate() {
        return Executables.find("redis-server");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
