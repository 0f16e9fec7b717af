package io.tandem.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private rtpengine for tests, in userspace ({@code --table=-1}: no kernel module), on
 * 127.0.0.1 with its own ng port and its own RTP port range (above the kernel's ephemeral range,
 * so that no client socket takes one meanwhile); deleted calls go at once ({@code --delete-delay=0}).
 * It does not read {@code /etc/rtpengine/rtpengine.conf} ({@code --config-file=none}): the Debian
 * file opens a CLI on TCP 2224 and HTTP on 2225, which any other rtpengine on the machine (a
 * benchmark's, another test's) holds already, and the daemon then refuses to start.
 * Never a shared instance. Needs the Debian package rtpengine-daemon (bin/test-deps installs it).
 * {@link #stop} and {@link #restart} keep the ports, to test an rtpengine that goes away.
 */
public final class RtpEngineServer implements AutoCloseable {
    private static final int RANGE = 100;
    private static final int LOW = 61000;
    private static final int SLOTS = 40;

    private final int ngPort;
    private final int portMin;
    private final Path dir;
    private Process process;

    private RtpEngineServer(int ngPort, int portMin, Path dir) {
        this.ngPort = ngPort;
        this.portMin = portMin;
        this.dir = dir;
    }

    public static RtpEngineServer start() throws IOException, InterruptedException {
        if (locate() == null) {
            throw new IllegalStateException("rtpengine not found on PATH: the media tests need the real daemon "
                + "(Debian package rtpengine-daemon; bin/test-deps installs it)");
        }
        int ng = Ports.free();
        int min = LOW + ThreadLocalRandom.current().nextInt(SLOTS) * RANGE;
        RtpEngineServer s = new RtpEngineServer(ng, min, Files.createTempDirectory("tandem-rtpengine"));
        s.restart();
        return s;
    }

    /** Starts the daemon (again) on the same ports; returns once it answers a ping. */
    public synchronized void restart() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = dir.resolve("rtpengine.log");
        process = new ProcessBuilder(locate(), "--config-file=none", "--table=-1", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort,
            "--port-min=" + portMin, "--port-max=" + (portMin + RANGE - 1), "--foreground", "--log-stderr",
            "--log-level=6", "--delete-delay=0", "--num-threads=2", "--pidfile=" + dir.resolve("rtpengine.pid"),
            "--recording-dir=" + Files.createDirectories(recordings()), "--recording-method=pcap")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pong()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String out = Files.readString(log);
                stop();
                throw new IllegalStateException("rtpengine did not start on ng port " + ngPort + ":\n" + out);
            }
            Thread.sleep(20);
        }
    }

    /** The ng control address. */
    public InetSocketAddress ng() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort);
    }

    /** {@code 127.0.0.1:PORT}, as media.yaml names an instance. */
    public String ngAddr() {
        return "127.0.0.1:" + ngPort;
    }

    /** The RTP ports this instance allocates from. */
    public List<Integer> portRange() {
        return List.of(portMin, portMin + RANGE - 1);
    }

    /** Where it writes the calls it is asked to record ({@code record call}): {@code pcaps/} and {@code metadata/}. */
    public Path recordings() {
        return dir.resolve("recordings");
    }

    /** The daemon's log so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("rtpengine.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean pong() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(200);
            byte[] req = "probe d7:command4:pinge".getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(req, req.length, ng()));
            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            s.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII).contains("pong");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String locate() {
        return Executables.find("rtpengine");
    }

    /** Stops the daemon (SIGTERM, then SIGKILL); the ports stay this instance's. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
