package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness keeps working: {@code bench/smoke.sh} (= {@code bench/run.sh --smoke})
 * against the jar this build made. Tandem alone, 100 REGISTERs with MD5 digest and 20 calls over
 * UDP through the benchmark's own SIPp scenarios; it passes only if none failed. Not a timed test:
 * the rates are far below what the machine can carry, and no figure it prints is asserted.
 */
class BenchSmokeIT {
    @Test
    void smokeRunOfTheBenchmarkPasses() throws Exception {
        Path root = repositoryRoot();
        Path out = Files.createTempFile("bench-smoke", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bench/smoke.sh").toString(),
            "--jar", TandemProcess.jar().toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
        // run.sh finds JDK 25 itself (bin/jdk25); the test JVM's JAVA_HOME is that JDK where Maven runs on it
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process p = pb.start();
        boolean ended = p.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as("bench/smoke.sh ended within 90 s:\n%s", log).isTrue();
        assertThat(log).as("bench/smoke.sh output").contains("BENCH SMOKE: PASS")
            .containsPattern("smoke/register: 50/s x 2s: 100/100 ok, 0 failed")
            .containsPattern("smoke/calls: 10/s x 2s: 20/20 ok, 0 failed");
        assertThat(p.exitValue()).as(log).isZero();
    }

    /** The checkout: the directory above the launcher module that holds bench/. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path d = here; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("bench/smoke.sh"))) {
                return d;
            }
        }
        throw new AssertionError("no bench/smoke.sh above " + here);
    }
}
