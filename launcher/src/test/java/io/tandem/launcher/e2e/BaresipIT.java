package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two real softphones (Debian's baresip, headless: no sound device, commands over its {@code cons}
 * UDP console) register through {@code tandem run} with the embedded defaults, 1001 over UDP and
 * 1002 over TCP; 1001 dials 1002, which answers by itself; the call is established on both sides
 * and hung up.
 *
 * <p>The run uses {@code --digest MD5}: baresip 1.0 (libre) gives up ("Register: Function not
 * implemented") when a challenge of the response names another algorithm than MD5, and Tandem
 * challenges with SHA-256 and MD5 by default.
 */
class BaresipIT extends E2eFixture {
    private static final List<Path> MODULE_DIRS = List.of(Path.of("/usr/lib/baresip/modules"),
        Path.of("/usr/lib/x86_64-linux-gnu/baresip/modules"), Path.of("/usr/local/lib/baresip/modules"));
    /** Audio from and to aubridge devices (no sound card), PCMU/PCMA, the cons console, the command menu. */
    private static final List<String> MODULES = List.of("cons.so", "g711.so", "aubridge.so", "account.so", "menu.so");

    @Test
    void twoBaresipsRegisterOverUdpAndTcpAndCallEachOtherThroughTandem() throws Exception {
        Path modules = baresipModules();
        assertDefaultPortsFree();
        TandemProcess tandem = tandem("tandem", "run", "--data", dir.resolve("data").toString(), "--bind", "127.0.0.1",
            "--http", freeHttp(), "--digest", "MD5", "--grace", "1000");
        Map<String, String> credentials = printedCredentials(
            tandem.awaitStdout("(?s)username: 1001.*These lines are shown once", Duration.ofSeconds(90)).group());
        assertThat(credentials).containsOnlyKeys("1001", "1002");
        tandem.awaitReady(Duration.ofSeconds(60));

        Baresip callee = baresip("baresip-1002", modules, "1002", credentials.get("1002"), "tcp", ";answermode=auto");
        Baresip caller = baresip("baresip-1001", modules, "1001", credentials.get("1001"), "udp", "");
        callee.await("1002@sip.local: \\{0/TCP/v4\\} 200 OK", "registered over TCP");
        caller.await("1001@sip.local: \\{0/UDP/v4\\} 200 OK", "registered over UDP");
        // Tandem's side of the registrations (its debug log: every message in and out)
        assertThat(tandem.stdout())
            .containsPattern("out UDP 200 OK \\(\\d+ REGISTER\\) to \\S*127\\.0\\.0\\.1:" + caller.sipPort)
            .containsPattern("out TCP 200 OK \\(\\d+ REGISTER\\) to ");

        caller.command("/dial sip:1002@" + DEFAULT_DOMAIN);
        caller.await("1001@sip.local: Call established: sip:1002@sip.local", "call established (caller)");
        callee.await("1002@sip.local: Call established: sip:1001@sip.local", "call established (callee)");
        assertThat(tandem.stdout()).contains("INVITE sip:1002@sip.local").containsPattern("out TCP INVITE sip:1002");

        caller.command("/hangup");
        caller.await("call: terminate call '\\w+' with sip:1002@sip\\.local", "hang-up (caller)");
        callee.await("sip:1001@sip\\.local: session closed", "call closed by the other side (callee)");
        // the BYE went from the caller over UDP to Tandem, on to the callee over TCP, and its 200 back
        tandem.awaitStdout("out TCP BYE sip:1002\\S*@127\\.0\\.0\\.1:\\d+;transport=tcp", Duration.ofSeconds(5));
        tandem.awaitStdout("out UDP 200 OK \\(\\d+ BYE\\) to \\S*127\\.0\\.0\\.1:" + caller.sipPort, Duration.ofSeconds(5));
    }

    /** Where Debian's baresip keeps the modules these tests load; fails (not skips) when baresip cannot run here. */
    static Path baresipModules() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("baresip", "-h").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("baresip cannot be run (" + e.getMessage() + "): install the Debian package baresip "
                + "(bin/test-deps does, as root)", e);
        }
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        assertThat(help).as("baresip -h").contains("baresip v");
        for (Path d : MODULE_DIRS) {
            if (MODULES.stream().allMatch(m -> Files.isRegularFile(d.resolve(m)))) {
                return d;
            }
        }
        throw new AssertionError("baresip runs, but its modules " + MODULES + " are not all in any of " + MODULE_DIRS);
    }

    /** Two ports free on UDP and TCP: baresip listens on {@code p} (UDP, TCP) and {@code p + 1} (TLS). */
    static int sipListenPort() {
        for (int i = 0; i < 50; i++) {
            int p = Ports.free();
            if (Ports.free() == p + 1) {
                return p;
            }
        }
        throw new AssertionError("no two consecutive free ports");
    }

    private Baresip baresip(String name, Path modules, String user, String password, String transport, String extra) throws IOException {
        int sipPort = sipListenPort();
        int consPort = Ports.free();
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("config"), """
            poll_method		epoll
            sip_listen		127.0.0.1:%d
            net_interface		127.0.0.1
            audio_player		aubridge,play-%s
            audio_source		aubridge,src-%s
            audio_alert		aubridge,play-%s
            module_path		%s
            module			g711.so
            module			aubridge.so
            module			cons.so
            module_app		account.so
            module_app		menu.so
            cons_listen		127.0.0.1:%d
            """.formatted(sipPort, user, user, user, modules, consPort));
        Files.writeString(home.resolve("accounts"), "<sip:%s@%s>;auth_pass=%s;outbound=\"sip:127.0.0.1:5060;transport=%s\";regint=300%s\n"
            .formatted(user, DEFAULT_DOMAIN, password, transport, extra));
        Path out = home.resolve("output.log");
        Process p = new ProcessBuilder("baresip", "-f", home.toString()).directory(home.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        Baresip b = new Baresip(name, p, out, sipPort, consPort);
        closeAfter(b);
        diagnostic(name, b::describe);
        return b;
    }

    /** One baresip process, its output in a file, commands over UDP to its cons module. */
    static final class Baresip implements AutoCloseable {
        final String name;
        final Process process;
        final Path output;
        final int sipPort;
        final int consPort;

        Baresip(String name, Process process, Path output, int sipPort, int consPort) {
            this.name = name;
            this.process = process;
            this.output = output;
            this.sipPort = sipPort;
            this.consPort = consPort;
        }

        void command(String line) throws IOException {
            byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                s.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), consPort)));
            }
        }

        void await(String regex, String what) {
            Pattern p = Pattern.compile(regex);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!p.matcher(TandemProcess.tail(output, Integer.MAX_VALUE)).find()) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited (" + process.exitValue() + ") before " + what + "\n" + describe());
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError(name + ": " + what + " (/" + regex + "/) not seen within 20 s\n" + describe());
                }
                TandemProcess.sleep(100);
            }
        }

        String describe() {
            // the status line (call duration and bit rates) is repeated without line ends: cut it short
            String text = TandemProcess.tail(output, 200_000).replaceAll("(\\[\\d+:\\d\\d:\\d\\d\\] audio=[^\\[]*)+", "[status lines] ");
            return "=== " + name + " (sip_listen 127.0.0.1:" + sipPort + ", cons 127.0.0.1:" + consPort + ", "
                + (process.isAlive() ? "running" : "exited with " + process.exitValue()) + ")\n" + text;
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(3, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
