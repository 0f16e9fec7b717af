package io.tandem.launcher.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tandem} as a user runs it: {@code java -jar launcher/target/tandem.jar ARGS} in a process of
 * its own, its standard output and error in files of the test's directory (shown by
 * {@link #describe()}, which every failure message carries). {@link #close()} kills it.
 */
final class TandemProcess implements AutoCloseable {
    /**
     * The JVM options of the {@code ./tandem} script, with a smaller heap, the serial collector and
     * C1 only: the tests start several servers on small, busy machines, where start-up time counts.
     */
    private static final List<String> JVM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
        "-XX:+UseCompactObjectHeaders", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms32m", "-Xmx256m");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedNanos = System.nanoTime();
    private volatile String httpHostPort;

    private TandemProcess(String name, List<String> command, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The shaded jar that {@code mvn package} built (failsafe passes its path as {@code tandem.jar}). */
    static Path jar() {
        String configured = System.getProperty("tandem.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "tandem.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no " + jar.toAbsolutePath() + ": the end-to-end tests run the shaded jar that "
                + "'mvn package' builds (run them with ./test.sh or 'mvn verify', not on their own)");
        }
        return jar.toAbsolutePath();
    }

    /** The java of the test JVM (Maven runs on JDK 25 here), else the one bin/jdk25 would pick. */
    static Path java() {
        if (Runtime.version().feature() >= 25) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        Path jdk = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        if (Files.isExecutable(jdk)) {
            return jdk;
        }
        throw new AssertionError("the end-to-end tests need a JDK 25 (the test JVM is " + Runtime.version() + ")");
    }

    /** Starts {@code tandem ARGS} in {@code workDir}; {@code name} names its log files. */
    static TandemProcess start(Path workDir, String name, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java().toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        Path out = workDir.resolve(name + "-stdout.log");
        Path err = workDir.resolve(name + "-stderr.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        TandemProcess t = new TandemProcess(name, cmd, pb.start(), out, err);
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--http")) {
                t.httpHostPort = args[i + 1];
            }
        }
        return t;
    }

    /** The result of a command that exits by itself ({@code validate}, a refused {@code run}). */
    record Result(int exitCode, String stdout, String stderr, String description) {
    }

    /** Runs {@code tandem ARGS} to its end (at most {@code timeout}). */
    static Result run(Path workDir, String name, Duration timeout, String... args) throws IOException {
        try (TandemProcess t = start(workDir, name, Map.of(), args)) {
            int code = t.awaitExit(timeout);
            return new Result(code, t.stdout(), t.stderr(), t.describe());
        }
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A response of the health server: status -1 when nothing answered. */
    record Http(int status, String body) {
    }

    Http get(String path) {
        if (httpHostPort == null) {
            throw new IllegalStateException("started without --http");
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + httpHostPort + path)).timeout(Duration.ofSeconds(15)).GET().build();
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Http(r.statusCode(), r.body());
        } catch (ConnectException e) {
            return new Http(-1, "connection refused");
        } catch (IOException e) {
            return new Http(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls {@code path} until the response satisfies {@code ok}; fails (with the logs) on timeout or exit. */
    Http awaitHttp(String path, Predicate<Http> ok, String what, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        Http last = null;
        while (true) {
            assertAlive("while waiting for " + what);
            last = get(path);
            if (ok.test(last)) {
                return last;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(name + ": " + what + " not seen within " + timeout.toSeconds() + " s; last GET " + path
                    + ": " + last.status() + " " + last.body().strip() + "\n" + describe());
            }
            sleep(250);
        }
    }

    /** Waits for {@code GET /readyz} to answer 200. */
    Http awaitReady(Duration timeout) {
        return awaitHttp("/readyz", h -> h.status() == 200, "/readyz 200", timeout);
    }

    /** Waits until standard output matches {@code regex}; returns the match. */
    Matcher awaitStdout(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = p.matcher(stdout());
            if (m.find()) {
                return m;
            }
            assertAlive("while waiting for /" + regex + "/ on standard output");
            if (System.nanoTime() > end) {
                throw new AssertionError(name + ": /" + regex + "/ not on standard output within " + timeout.toSeconds() + " s\n" + describe());
            }
            sleep(100);
        }
    }

    private void assertAlive(String when) {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + " " + when + "\n" + describe());
        }
    }

    /** SIGTERM, as an orchestrator stops it. */
    void sigterm() {
        process.destroy();
    }

    /** Waits for the exit; fails (and kills it) if it does not come within {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String d = describe();
                close();
                throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s\n" + d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** The command, the state and the ends of both outputs, for failure messages. */
    String describe() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "=== tandem process '" + name + "' (pid " + process.pid() + ", " + state + ", started "
            + (System.nanoTime() - startedNanos) / 1_000_000 + " ms ago)\ncommand: " + String.join(" ", command)
            + "\n--- stdout " + stdout + "\n" + tail(stdout, 20000) + "\n--- stderr " + stderr + "\n" + tail(stderr, 8000);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path f, int max) {
        String s = read(f);
        return s.length() <= max ? s : "[... " + (s.length() - max) + " characters ...]" + s.substring(s.length() - max);
    }

    private static String read(Path f) {
        try {
            // lenient: a file being written may end inside a multi-byte character
            return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
