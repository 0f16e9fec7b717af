package io.tandem.launcher.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the security tests attack with: sipvicious (svmap, svwar, svcrack) from a chosen loopback
 * source, SIPp runs with their call statistics, single OPTIONS probes, and the machine-wide load
 * lock ({@code flock /tmp/tandem-load.lock}) that keeps two load tests from ever running at once.
 */
final class AttackTools {
    static final Path LOAD_LOCK = Path.of("/tmp/tandem-load.lock");

    private AttackTools() {
    }

    /** The machine's load lock, held until {@link #close()}: {@code flock} on a process of its own (flock(2), as the shell's). */
    static final class LoadLock implements AutoCloseable {
        private final Process holder;

        LoadLock() throws IOException {
            holder = new ProcessBuilder("flock", LOAD_LOCK.toString(), "sh", "-c", "echo locked; exec cat").start();
            String line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (!"locked".equals(line)) {
                holder.destroyForcibly();
                throw new IOException("flock " + LOAD_LOCK + " failed (util-linux flock needed)");
            }
        }

        @Override
        public void close() throws IOException {
            holder.getOutputStream().close(); // cat ends, flock releases
            try {
                holder.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            holder.destroyForcibly();
        }
    }

    /** What a tool printed, and how it ended. */
    record Output(int exitCode, String text) {
    }

    /**
     * Runs sipvicious {@code tool} (svmap, svwar, svcrack) with its sockets on {@code source}
     * (through attack/sipvicious-from: 0.3.3's svwar and svcrack ignore -b).
     */
    static Output sipvicious(Path dir, String source, String tool, Duration timeout, String... args) throws IOException {
        Path wrapper = dir.resolve("sipvicious-from");
        if (!Files.exists(wrapper)) {
            try (InputStream in = AttackTools.class.getClassLoader().getResourceAsStream("attack/sipvicious-from")) {
                Files.write(wrapper, in.readAllBytes());
            }
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", wrapper.toString(), source, tool));
        cmd.addAll(List.of(args));
        return run(dir, tool + "-" + source, timeout, cmd);
    }

    static Output run(Path dir, String name, Duration timeout, List<String> cmd) throws IOException {
        Path log = dir.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 6) + ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                p.waitFor(2, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Output(p.isAlive() ? -1 : p.exitValue(), "$ " + String.join(" ", cmd) + "\n" + Files.readString(log));
    }

    /** The extensions of svwar's report table ({@code | 1001 | reqauth |}). */
    static List<String> reportedExtensions(String svwarOutput) {
        List<String> out = new ArrayList<>();
        for (String line : svwarOutput.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && cells[1].trim().matches("\\d+")) {
                out.add(cells[1].trim());
            }
        }
        return out;
    }

    /** True when an OPTIONS sent from {@code source} to {@code server} gets any answer within {@code wait}. */
    static boolean answers(String source, InetSocketAddress server, Duration wait) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0))) {
            String id = UUID.randomUUID().toString();
            String req = "OPTIONS sip:" + server.getHostString() + ":" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + source + ":" + s.getLocalPort() + ";branch=z9hG4bK-" + id + ";rport\r\n"
                + "From: <sip:probe@" + source + ">;tag=" + id.substring(0, 8) + "\r\nTo: <sip:" + server.getHostString() + ">\r\n"
                + "Call-ID: " + id + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            byte[] b = req.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, server));
            s.setSoTimeout((int) wait.toMillis());
            try {
                s.receive(new DatagramPacket(new byte[4096], 4096));
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
    }

    /** A SIPp run on its own loopback address, with its final call counts ({@code -trace_stat}). */
    static final class SippRun {
        final String name;
        private final Process process;
        private final Path stats;
        private final Path console;

        private SippRun(String name, Process process, Path stats, Path console) {
            this.name = name;
            this.process = process;
            this.stats = stats;
            this.console = console;
        }

        /** Starts {@code sipp} with scenario file {@code xml} from {@code source:port}, {@code calls} at {@code rate} per second. */
        static SippRun start(Path dir, String name, Path xml, String source, int port, InetSocketAddress remote, String service,
                             int calls, int rate, Duration timeout) throws IOException {
            Path stats = dir.resolve(name + "-stats.csv");
            Path console = dir.resolve(name + "-console.log");
            List<String> cmd = new ArrayList<>(List.of("sipp"));
            if (remote != null) {
                cmd.add(remote.getHostString() + ":" + remote.getPort());
            }
            cmd.addAll(List.of("-sf", xml.toString(), "-i", source, "-p", Integer.toString(port), "-t", "u1",
                "-m", Integer.toString(calls), "-r", Integer.toString(rate), "-l", "5000", "-s", service, "-nostdin",
                "-timeout", timeout.toSeconds() + "s", "-trace_stat", "-stf", stats.toString(), "-fd", "1",
                "-trace_err", "-error_file", dir.resolve(name + "-errors.log").toString()));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
            return new SippRun(name, p, stats, console);
        }

        void await(Duration d) throws InterruptedException {
            if (!process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        }

        /** The last line's value of a cumulative column of the statistics, e.g. SuccessfulCall(C). */
        long stat(String column) throws IOException {
            List<String> lines = Files.readAllLines(stats, StandardCharsets.ISO_8859_1);
            String[] header = lines.getFirst().split(";");
            String[] last = lines.getLast().split(";");
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals(column)) {
                    return Long.parseLong(last[i].trim());
                }
            }
            throw new AssertionError(name + ": no column " + column + " in " + stats);
        }

        String describe() {
            return "=== SIPp " + name + "\n" + TandemProcess.tail(console, 3000);
        }

        void kill() {
            process.destroyForcibly();
        }
    }
}
