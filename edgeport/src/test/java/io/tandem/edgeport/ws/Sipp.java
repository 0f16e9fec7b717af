package io.tandem.edgeport.ws;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One SIPp process (Debian package sip-tester) playing a UAS on UDP 127.0.0.1, for one call
 * ({@code -m 1}). Its screen, message trace and error log go to a test directory and are shown
 * when it fails. Closing kills the process if it is still running (only this process).
 */
final class Sipp implements AutoCloseable {
    final int port;
    private final Process process;
    private final Path screen;
    private final Path messages;
    private final Path errors;

    private Sipp(int port, Process process, Path screen, Path messages, Path errors) {
        this.port = port;
        this.process = process;
        this.screen = screen;
        this.messages = messages;
        this.errors = errors;
    }

    /**
     * Starts {@code sipp <scenario> -i 127.0.0.1 -p port -nostdin -m 1} and waits until it listens.
     *
     * @param scenario {@code "-sn", "uas"} or {@code "-sf", path}
     */
    static Sipp uas(Path dir, String name, String... scenario) throws Exception {
        int port = freeUdpPort();
        Path screen = dir.resolve(name + "-screen.log");
        Path messages = dir.resolve(name + "-messages.log");
        Path errors = dir.resolve(name + "-errors.log");
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        cmd.addAll(List.of(scenario));
        cmd.addAll(List.of("-i", "127.0.0.1", "-p", Integer.toString(port), "-t", "u1", "-nostdin", "-m", "1",
            "-timeout", "20s", "-timeout_error", "-trace_msg", "-message_file", messages.toString(),
            "-trace_err", "-error_file", errors.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(screen.toFile()).start();
        Sipp sipp = new Sipp(port, p, screen, messages, errors);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sipp.isListening()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String why = "SIPp did not start listening on UDP " + port + "\n" + sipp.report();
                sipp.close();
                throw new IllegalStateException(why);
            }
            Thread.sleep(20);
        }
        return sipp;
    }

    /** True once SIPp holds its port (our own bind on it then fails). */
    private boolean isListening() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return false;
        } catch (BindException e) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    private static int freeUdpPort() throws SocketException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    /** SIPp's exit code, waiting at most {@code within}; -1000 if it is still running then. */
    int awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1000;
    }

    /** The message trace and error log, for assertion messages. */
    String report() {
        return "--- SIPp messages\n" + read(messages) + "\n--- SIPp errors\n" + read(errors) + "\n--- SIPp screen (tail)\n"
            + tail(read(screen), 3000);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
