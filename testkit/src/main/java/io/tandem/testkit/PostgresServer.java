package io.tandem.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL for tests: {@code initdb} into a temporary directory and {@code pg_ctl start}
 * on a free loopback port, trust authentication, user {@code postgres}; removed by {@link #close()}.
 * PostgreSQL refuses to run as root: as root, it runs as the {@code postgres} user the Debian
 * package creates ({@code runuser}). Needs the Debian package postgresql.
 */
public final class PostgresServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final String bin;

    private PostgresServer(int port, Path dir, String bin) {
        this.port = port;
        this.dir = dir;
        this.bin = bin;
    }

    /** The directory of initdb and pg_ctl ({@code /usr/lib/postgresql/N/bin}), or null when PostgreSQL is not installed. */
    public static String binaries() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return null;
        }
        for (File v : versions) {
            if (new File(v, "bin/initdb").canExecute() && new File(v, "bin/pg_ctl").canExecute()) {
                return new File(v, "bin").getPath();
            }
        }
        return null;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        String bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL not found under /usr/lib/postgresql (Debian package postgresql)");
        }
        Path dir = Files.createTempDirectory("tandem-pg");
        PostgresServer s = new PostgresServer(Ports.free(), dir, bin);
        if (isRoot()) {
            run(List.of("chown", "postgres", dir.toString()), dir);
        }
        s.as(List.of(bin + "/initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8"));
        s.resume();
        return s;
    }

    /** Stops the server (fast shutdown: open connections are cut), keeping its data for {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        as(List.of(bin + "/pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }

    /** Starts the server on its port with its data (after {@link #pause()}). */
    public void resume() throws IOException, InterruptedException {
        as(List.of(bin + "/pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("pg.log").toString(), "-w", "-t", "30",
            "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private void as(List<String> cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        run(full, dir);
    }

    private static void run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tandem-pg-cmd", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            String log = Files.readString(out);
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + log);
        }
        Files.deleteIfExists(out);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            as(List.of(bin + "/pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } catch (IllegalStateException e) {
            // already down
        }
        Executables.deleteTree(dir);
    }
}
