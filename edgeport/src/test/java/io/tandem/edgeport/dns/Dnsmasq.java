package io.tandem.edgeport.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq on 127.0.0.1 and a free port, serving the records of a resource file (dnsmasq
 * option syntax, one per line) and logging every query to a file the tests read. Fails, never
 * skips, when dnsmasq cannot run: install it with bin/test-deps (Debian package dnsmasq-base).
 */
final class Dnsmasq implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private Dnsmasq(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static Dnsmasq start(String recordsResource) throws IOException, InterruptedException {
        String exe = find();
        List<String> records = readRecords(recordsResource);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // the free port may be taken meanwhile
            int port = freePort();
            Path log = Files.createTempFile("dnsmasq", ".log");
            List<String> cmd = new ArrayList<>(List.of(exe, "--no-daemon", "--no-resolv", "--no-hosts",
                "--keep-in-foreground", "--conf-file=/dev/null", "--port=" + port, "--listen-address=127.0.0.1",
                "--bind-interfaces", "--log-queries", "--log-facility=-", "--user=" + System.getProperty("user.name")));
            records.forEach(r -> cmd.add("--" + r));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Dnsmasq d = new Dnsmasq(p, log, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && p.isAlive() && !d.logText().contains("cleared cache")) {
                Thread.sleep(20);
            }
            if (p.isAlive() && d.logText().contains("cleared cache")) {
                return d;
            }
            p.destroyForcibly().waitFor();
            last = new IOException("dnsmasq did not start: " + String.join(" ", cmd) + "\n" + d.logText());
        }
        throw last;
    }

    private static String find() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "dnsmasq");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("dnsmasq is not installed: the DNS tests need a real DNS server on loopback."
            + " Run bin/test-deps as root, or: apt-get install dnsmasq-base");
    }

    private static List<String> readRecords(String resource) throws IOException {
        try (InputStream in = Dnsmasq.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static int freePort() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                int port = u.getLocalPort();
                try (ServerSocket t = new ServerSocket(port, 1, lo)) { // dnsmasq also listens on TCP
                    return t.getLocalPort();
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port for dnsmasq on loopback");
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Queries logged since {@code mark} (a former size of this list), as "TYPE name", e.g. "NAPTR naptr.test". */
    List<String> queriesSince(int mark) {
        List<String> all = queries();
        return all.subList(mark, all.size());
    }

    /** Queries logged so far, as "TYPE name". */
    List<String> queries() {
        List<String> out = new ArrayList<>();
        for (String line : logText().split("\n")) {
            int q = line.indexOf("auth["); // "query[" when not authoritative
            q = q >= 0 ? q + 5 : line.indexOf("query[") >= 0 ? line.indexOf("query[") + 6 : -1;
            if (q >= 0) {
                String rest = line.substring(q);
                int close = rest.indexOf(']');
                String name = rest.substring(close + 2).split(" ")[0];
                out.add(rest.substring(0, close) + " " + name);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
