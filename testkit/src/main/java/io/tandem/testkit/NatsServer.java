package io.tandem.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private nats-server with JetStream for tests, on a free loopback port, its store in a
 * directory of its own; {@link #restart()} stops it and starts it again on the same port and
 * store (an outage). Needs the Debian package nats-server.
 */
public final class NatsServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    private NatsServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static NatsServer start() throws IOException, InterruptedException {
        if (Executables.find("nats-server") == null) {
            throw new IllegalStateException("nats-server not found: the CDR stream tests need a real nats-server "
                + "(Debian package nats-server; bin/test-deps installs it)");
        }
        NatsServer s = new NatsServer(Ports.free(), Files.createTempDirectory("tandem-nats"));
        s.launch();
        return s;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Stops the server (SIGTERM) and waits for its end. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts it again on the same port and store. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        Path log = dir.resolve("nats.log");
        process = new ProcessBuilder(Executables.find("nats-server"), "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
            "-sd", dir.resolve("store").toString()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String out = Files.readString(log);
                close();
                throw new IllegalStateException("nats-server did not start on port " + port + ":\n" + out);
            }
            Thread.sleep(20);
        }
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1000);
            InputStream in = s.getInputStream();
            byte[] b = new byte[4];
            return in.readNBytes(b, 0, 4) == 4 && new String(b, StandardCharsets.US_ASCII).equals("INFO");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
        Executables.deleteTree(dir);
    }
}
