package io.tandem.launcher.e2e;

import io.tandem.processor.Transport;
import io.tandem.testkit.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIPp on a local address of its own ({@code -i}, e.g. 127.0.0.2: a carrier's gateway that a
 * trunk's access control list tells apart from the agents on 127.0.0.1), over UDP, with the same
 * scenarios and {@code @KEY@} placeholders as testkit's Sipp (which always uses 127.0.0.1).
 */
final class CarrierSipp implements AutoCloseable {
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path messages;
    private final Path errors;
    private final Path console;
    private final Duration timeout;

    private CarrierSipp(String name, List<String> command, Process process, Path messages, Path errors, Path console,
                        Duration timeout) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.messages = messages;
        this.errors = errors;
        this.console = console;
        this.timeout = timeout;
    }

    /**
     * Starts {@code sipp/SCENARIO} on {@code localIp:port}: a caller of {@code service}@{@code remote}
     * when {@code remote} is given, else a callee (returned once its port is bound).
     */
    static CarrierSipp start(Path dir, String name, String scenario, String localIp, int port, InetSocketAddress remote,
                             String service, int calls, Map<String, String> values) throws IOException {
        return start(dir, name, scenario, localIp, port, remote, service, calls, values, List.of());
    }

    /** As above, with more SIPp options ({@code -r 20 -l 4}: rate and concurrent calls). */
    static CarrierSipp start(Path dir, String name, String scenario, String localIp, int port, InetSocketAddress remote,
                             String service, int calls, Map<String, String> values, List<String> options) throws IOException {
        return start(dir, name, scenario, localIp, port, remote, service, calls, values, options, TIMEOUT);
    }

    /** As above, with SIPp's global timeout ({@code -timeout}, counted as a failure) instead of 15 s. */
    static CarrierSipp start(Path dir, String name, String scenario, String localIp, int port, InetSocketAddress remote,
                             String service, int calls, Map<String, String> values, List<String> options, Duration timeout)
        throws IOException {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.putIfAbsent("CONTACT_PORT", Integer.toString(port));
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, fill(scenario, resource(scenario), all), StandardCharsets.ISO_8859_1);
        Path messages = dir.resolve(name + "-messages.log");
        Path errors = dir.resolve(name + "-errors.log");
        Path console = dir.resolve(name + "-console.log");
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        if (remote != null) {
            cmd.add(remote.getAddress().getHostAddress() + ":" + remote.getPort());
        }
        cmd.addAll(List.of("-sf", xml.toString(), "-i", localIp, "-p", Integer.toString(port), "-t", "u1",
            "-m", Integer.toString(calls), "-s", service, "-nostdin", "-timeout", timeout.toSeconds() + "s", "-timeout_error",
            "-trace_err", "-error_file", errors.toString(), "-trace_msg", "-message_file", messages.toString()));
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        CarrierSipp s = new CarrierSipp(name, cmd, p, messages, errors, console, timeout);
        if (remote == null) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Ports.isBound(Transport.UDP, port)) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    s.close();
                    throw new AssertionError(name + " did not bind UDP " + localIp + ":" + port + "\n" + s.describe());
                }
                TandemProcess.sleep(10);
            }
        }
        return s;
    }

    /** Waits for SIPp's end and asserts that every call succeeded (exit code 0). */
    CarrierSipp assertSuccess() {
        try {
            if (!process.waitFor(timeout.toSeconds() + 10, TimeUnit.SECONDS)) {
                close();
                throw new AssertionError(name + " did not exit\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " failed with exit code " + process.exitValue() + "\n" + describe());
        }
        return this;
    }

    /** Every message it sent and received, parsed (heads only). */
    List<io.tandem.testkit.Sipp.Logged> log() {
        return io.tandem.testkit.Sipp.log(messages);
    }

    /** SIPp's message log: every message it sent and received. */
    String messageLog() {
        return TandemProcess.tail(messages, Integer.MAX_VALUE);
    }

    String describe() {
        return "=== SIPp '" + name + "'\ncommand: " + String.join(" ", command)
            + "\n--- error log\n" + TandemProcess.tail(errors, 6000)
            + "\n--- message log\n" + TandemProcess.tail(messages, 12000)
            + "\n--- console\n" + TandemProcess.tail(console, 3000);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String fill(String scenario, String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException(scenario + ": no value for @" + m.group(1) + "@");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String resource(String scenario) throws IOException {
        try (InputStream in = CarrierSipp.class.getClassLoader().getResourceAsStream("sipp/" + scenario)) {
            if (in == null) {
                throw new IOException("no scenario sipp/" + scenario);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
