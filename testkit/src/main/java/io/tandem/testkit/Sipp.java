package io.tandem.testkit;

import io.tandem.processor.Transport;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * Runs SIPp (Debian's sip-tester) on a scenario {@code sipp/NAME} of the test class path, one process
 * per {@link Run}. Each run gets its scenario (with its {@code @NAME@} placeholders filled), its
 * error log ({@code -trace_err}), its message log ({@code -trace_msg}) and its console output in
 * the test's directory; {@link Run#assertSuccess()} fails with all of them in the message. SIPp's
 * exit code is 0 when every call succeeded, 1 when one failed, 99 when none ran, 254/255 on a fatal
 * error. {@link #close()} kills whatever is still running (call it from {@code @AfterEach}).
 *
 * <p>The Debian build of SIPp has no TLS ({@code -t l1} is refused): TLS tests put a
 * {@link TlsRelay} between SIPp over TCP and the EdgePort.
 */
public final class Sipp implements AutoCloseable {
    /** The UDP and TCP modes with one socket (SIPp's {@code -t}). */
    private static final Map<Transport, String> MODES = Map.of(Transport.UDP, "u1", Transport.TCP, "t1");
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");
    private static final String SEPARATOR = "-----------------------------------------------";

    private final Path dir;
    private final List<Run> runs = new ArrayList<>();

    public Sipp(Path dir) {
        this.dir = dir;
    }

    /** A callee (server side) on {@code port}. */
    public Builder uas(String scenario, int port) {
        return new Builder(scenario, port, null);
    }

    /** A caller on {@code port}, calling {@code service}@{@code remote}. */
    public Builder uac(String scenario, int port, InetSocketAddress remote) {
        return new Builder(scenario, port, remote);
    }

    @Override
    public void close() {
        for (Run r : runs) {
            r.kill();
        }
    }

    public final class Builder {
        private final String scenario;
        private final int port;
        private final InetSocketAddress remote;
        private final Map<String, String> values = new LinkedHashMap<>();
        private Transport transport = Transport.UDP;
        private String service = "bob";
        private int calls = 1;
        private int rate = 10;
        private Duration timeout = Duration.ofSeconds(15);
        private String name;
        private boolean noRetransmissions;
        private int mediaPort;

        private Builder(String scenario, int port, InetSocketAddress remote) {
            this.scenario = scenario;
            this.port = port;
            this.remote = remote;
            this.name = scenario.replace(".xml", "") + "-" + port;
            values.put("CONTACT_PORT", Integer.toString(port));
            values.put("RING_MS", "0");
            values.put("TRYING_MS", "0");
            values.put("MAX_FORWARDS", "70");
            values.put("HOLD_MS", "1000");
            values.put("EXPIRES", "300");
            values.put("REG_STATUS", "200");
        }

        /** Fills placeholder {@code @key@} of the scenario. */
        public Builder set(String key, Object value) {
            values.put(key, String.valueOf(value));
            return this;
        }

        public Builder transport(Transport t) {
            if (!MODES.containsKey(t)) {
                throw new IllegalArgumentException("SIPp runs here over UDP or TCP only, not " + t);
            }
            this.transport = t;
            return this;
        }

        /** The user part of the Request-URI the caller dials ({@code -s}). */
        public Builder service(String s) {
            this.service = s;
            return this;
        }

        /** Calls to make, or to take before exiting ({@code -m}). */
        public Builder calls(int n) {
            this.calls = n;
            return this;
        }

        /** New calls per second ({@code -r}). */
        public Builder rate(int callsPerSecond) {
            this.rate = callsPerSecond;
            return this;
        }

        /** SIPp's global timeout ({@code -timeout}, counted as a failure). */
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /** {@code -mi 127.0.0.1 -mp PORT}: the RTP port of {@code [media_port]} and of {@code play_pcap_audio}. */
        public Builder media(int port) {
            this.mediaPort = port;
            return this;
        }

        /**
         * {@code -nr}: no UDP retransmissions, and above all no answering a duplicate of the last
         * message received by resending what followed it (SIPp's retransmission detection).
         */
        public Builder noRetransmissions() {
            this.noRetransmissions = true;
            return this;
        }

        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /** Starts SIPp; a callee is started only once its port is bound, so a caller can follow at once. */
        public Run start() throws IOException {
            Path xml = dir.resolve(name + ".xml");
            Files.writeString(xml, fill(resource(scenario)), StandardCharsets.ISO_8859_1);
            Path messages = dir.resolve(name + "-messages.log");
            Path errors = dir.resolve(name + "-errors.log");
            Path console = dir.resolve(name + "-console.log");
            List<String> cmd = new ArrayList<>(List.of("sipp"));
            if (remote != null) {
                cmd.add(remote.getAddress().getHostAddress() + ":" + remote.getPort());
            }
            cmd.addAll(List.of("-sf", xml.toString(), "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-t", MODES.get(transport), "-m", Integer.toString(calls), "-r", Integer.toString(rate), "-s", service,
                "-nostdin", "-timeout", timeout.toMillis() + "ms", "-timeout_error",
                "-trace_err", "-error_file", errors.toString(),
                "-trace_msg", "-message_file", messages.toString()));
            if (noRetransmissions) {
                cmd.add("-nr");
            }
            if (mediaPort > 0) {
                cmd.addAll(List.of("-mi", "127.0.0.1", "-mp", Integer.toString(mediaPort)));
            }
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(console.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot run sipp (Debian package sip-tester; bin/test-deps installs it): " + e.getMessage(), e);
            }
            Run run = new Run(name, cmd, p, port, transport, messages, errors, console, timeout);
            runs.add(run);
            if (remote == null) {
                run.awaitListening();
            }
            return run;
        }

        private String fill(String text) {
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
    }

    private static String resource(String scenario) throws IOException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = cl.getResourceAsStream("sipp/" + scenario)) {
            if (in == null) {
                throw new IOException("no scenario sipp/" + scenario);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** One message of a SIPp message log. */
    public record Logged(boolean received, Transport transport, SipMessage message) {
    }

    /** One SIPp process. */
    public static final class Run {
        final String name;
        private final List<String> command;
        private final Process process;
        private final int port;
        private final Transport transport;
        private final Path messages;
        private final Path errors;
        private final Path console;
        private final Duration timeout;

        Run(String name, List<String> command, Process process, int port, Transport transport, Path messages, Path errors,
            Path console, Duration timeout) {
            this.name = name;
            this.command = command;
            this.process = process;
            this.port = port;
            this.transport = transport;
            this.messages = messages;
            this.errors = errors;
            this.console = console;
            this.timeout = timeout;
        }

        /** The local port this SIPp sends and receives on. */
        public int port() {
            return port;
        }

        public String name() {
            return name;
        }

        private void awaitListening() {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Ports.isBound(transport, port)) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited before binding its port\n" + describe());
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError(name + " did not bind " + transport + " port " + port + "\n" + describe());
                }
                sleep(10);
            }
        }

        /** Waits for the exit (SIPp's own timeout plus a margin) and returns the exit code. */
        public int exitCode() {
            try {
                if (!process.waitFor(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                    kill();
                    throw new AssertionError(name + " did not exit\n" + describe());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            return process.exitValue();
        }

        /** Asserts that every call of this run succeeded (exit code 0), showing the logs if not. */
        public Run assertSuccess() {
            int code = exitCode();
            if (code != 0) {
                throw new AssertionError(name + " failed with exit code " + code + " (" + meaning(code) + ")\n" + describe());
            }
            return this;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public void kill() {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String meaning(int code) {
            return switch (code) {
                case 0 -> "all calls succeeded";
                case 1 -> "at least one call failed";
                case 97 -> "exit on internal command";
                case 99 -> "no call processed";
                case 254 -> "fatal error binding a socket";
                case 255 -> "fatal error";
                default -> "?";
            };
        }

        /** The command, the error log, the message log and the console output, for an assertion message. */
        public String describe() {
            return "command: " + String.join(" ", command)
                + "\n--- error log " + errors + "\n" + tail(errors, 6000)
                + "\n--- message log " + messages + "\n" + tail(messages, 12000)
                + "\n--- console " + console + "\n" + tail(console, 3000);
        }

        private static String tail(Path f, int max) {
            try {
                if (!Files.exists(f)) {
                    return "(none)";
                }
                String s = Files.readString(f, StandardCharsets.ISO_8859_1);
                return s.length() <= max ? s : "[...]" + s.substring(s.length() - max);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }

        /** Every message of the message log, in order. */
        public List<Logged> log() {
            return Sipp.log(messages);
        }

        /** The requests with this method that this SIPp received, retransmissions included. */
        public List<SipRequest> received(String method) {
            List<SipRequest> out = new ArrayList<>();
            for (Logged l : log()) {
                if (l.received() && l.message() instanceof SipRequest r && r.method().name().equals(method)) {
                    out.add(r);
                }
            }
            return out;
        }

        /** The responses this SIPp received, retransmissions included. */
        public List<SipResponse> receivedResponses() {
            List<SipResponse> out = new ArrayList<>();
            for (Logged l : log()) {
                if (l.received() && l.message() instanceof SipResponse r) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** Every message of a SIPp message log ({@code -trace_msg}), in order: heads parsed with our codec, bodies left out. */
    public static List<Logged> log(Path messages) {
        String text;
        try {
            text = Files.exists(messages) ? Files.readString(messages, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Logged> out = new ArrayList<>();
        for (String block : text.split(SEPARATOR)) {
            // "<date>\nUDP message received [544] bytes :\n\n<message>" or "... message sent (434 bytes):\n\n..."
            int start = block.indexOf("\n\n");
            int firstLine = block.indexOf('\n');
            if (start < 0 || firstLine < 0) {
                continue;
            }
            String what = block.substring(firstLine + 1, start);
            boolean received = what.contains("message received");
            if (!received && !what.contains("message sent")) {
                continue;
            }
            Transport t = Transport.of(what.substring(0, what.indexOf(' ')).trim());
            // the head only, parsed with our codec (the tests look at headers, not bodies)
            String msg = block.substring(start + 2).replace("\r\n", "\n").replace("\n", "\r\n");
            int end = msg.indexOf("\r\n\r\n");
            String head = (end < 0 ? msg.stripTrailing() : msg.substring(0, end))
                .replaceAll("(?im)^(Content-Length|l):.*$", "Content-Length: 0");
            out.add(new Logged(received, t, SipParser.parse((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))));
        }
        return out;
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
