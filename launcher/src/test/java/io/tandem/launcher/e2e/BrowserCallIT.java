package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.accounting.cdr.Cdr;
import io.tandem.accounting.cdr.CdrTable;
import io.tandem.media.ng.RtpEngines;
import io.tandem.testkit.Ports;
import io.tandem.testkit.RtpEngineServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A real browser calls a real phone through {@code tandem run}, the media anchored in the test's
 * rtpengine: headless Chromium (Debian's, fake microphone) runs JsSIP 3.13.8 over WSS (the test's
 * self-signed certificate), registers as agent 1001 and calls 1002, a baresip registered over UDP
 * that answers by itself and knows PCMU only. Toward the browser rtpengine speaks
 * UDP/TLS/RTP/SAVPF with ICE, DTLS-SRTP and rtcp-mux; toward baresip plain RTP/AVP. Media must
 * flow both ways: rtpengine's {@code query} counts packets from both parties, the browser's
 * getStats counts packets sent and received. A second call offers Opus only (as a browser that
 * has nothing else): {@code media.yaml}'s {@code codecs.plain.transcode: [PCMU]} has rtpengine add
 * PCMU to the offer toward baresip and transcode Opus ↔ PCMU.
 *
 * <p>The browser side is {@code src/test/browser/driver.js} (puppeteer-core, JsSIP, esbuild to
 * bundle JsSIP for the page); {@code npm ci} runs there once, when {@code node_modules} is absent.
 */
class BrowserCallIT extends E2eFixture {
    static final Path DRIVER = Path.of("src", "test", "browser");
    static final int TALK_MS = 2500;

    @Test
    void aBrowserOverWssCallsBaresipOverUdpWithMediaBothWaysAndOpusTranscodedToPcmu() throws Exception {
        Path modules = BaresipIT.baresipModules();
        npmCiOnce();
        RtpEngineServer daemon = closeAfter(RtpEngineServer.start());
        diagnostic("rtpengine", daemon::log);
        int sipPort = Ports.free();
        int wssPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        selfSignedKeyStore(config, "127.0.0.1", "ip:127.0.0.1"); // the browser is told to accept it
        write(config, "edgeport.yaml", edgePortYaml(sipPort) + "    - {protocol: wss, port: " + wssPort + "}\n"
            + securityContextYaml());
        write(config, "media.yaml", """
            kind: Media
            apiVersion: v2beta1
            ref: media-browser
            spec:
              rtpengines:
                - addr: "%s"
              policy: always
              pingMillis: 500
              codecs:
                plain: {transcode: [PCMU]}
              resources:
                - {ref: agent-1001, record: true}
                - {ref: dom-e2e, record: false}
            """.formatted(daemon.ngAddr()));
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp(), "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        BaresipIT.Baresip phone = pcmuPhone(modules, sipPort);
        phone.await("1002@" + ConfigDirectoryCallsIT.DOMAIN + ": \\{0/UDP/v4\\} 200 OK", "registered over UDP");

        try (RtpEngines ng = RtpEngines.open(List.of(daemon.ng()), 1000, 200, 0)) {
            // 1: the browser offers what Chromium has (Opus, G.722, PCMU, PCMA...); baresip picks PCMU
            Call g711 = call("browser-call", wssPort, false, ng);
            assertMediaBothWays(g711);
            assertThat(g711.result.path("sentCodec").asString()).isEqualTo("audio/PCMU/8000");
            assertThat(g711.result.path("receivedCodec").asString()).isEqualTo("audio/PCMU/8000");
            assertThat(g711.result.path("answer").asString()).as("the answer the browser got")
                .contains("UDP/TLS/RTP/SAVPF", "a=ice-ufrag:", "a=fingerprint:", "a=rtcp-mux", "a=setup:active");
            phone.await("audio: Set audio decoder: PCMU 8000Hz", "PCMU decoder (first call)");
            // agent-1001's entry (record: true) is more specific than its Domain's (record: false)
            String g711CallId = g711.result.path("callId").asString();
            assertThat(recordings(daemon)).as("rtpengine's recordings after the first call").singleElement().satisfies(pcap -> {
                assertThat(pcap.getFileName().toString()).startsWith(g711CallId + "-");
                assertThat(Files.size(pcap)).as(pcap + ": bytes").isGreaterThan(20_000);
                // the call's CDR names the file as rtpengine wrote it (CDRs in the configuration directory: no --data)
                assertThat(Path.of(cdrOf(config, g711CallId).recording())).as("the CDR's recording").isEqualTo(pcap);
                TandemProcess.Result cdrs = TandemProcess.run(dir, "cdrs", Duration.ofSeconds(60), "cdrs", "--config",
                    config.toString(), "--data", config.toString(), "--json");
                assertThat(cdrs.stdout()).as(cdrs.description()).contains("\"recording\":\"" + pcap + "\"");
            });
            // baresip loads no srtp, dtls_srtp or ice module: it answered, so it was offered plain RTP/AVP

            // 2: an Opus-only offer; rtpengine adds PCMU toward baresip and transcodes
            Call opus = call("browser-call-opus-only", wssPort, true, ng);
            assertMediaBothWays(opus);
            assertThat(opus.result.path("offer").asString()).as("the offer the browser sent")
                .containsPattern("m=audio \\d+ UDP/TLS/RTP/SAVPF 111\r\n").doesNotContain("PCMU");
            assertThat(opus.result.path("sentCodec").asString()).isEqualTo("audio/opus/48000");
            assertThat(opus.result.path("receivedCodec").asString()).isEqualTo("audio/opus/48000");
            assertThat(TandemProcess.tail(phone.output, Integer.MAX_VALUE)).as("baresip's decoders over both calls")
                .containsPattern("(?s)Set audio decoder: PCMU.*Set audio decoder: PCMU").doesNotContain("opus");
        }
    }

    /** The CDR of {@code callId} in the H2 table of {@code dir}, once written. */
    private static Cdr cdrOf(Path dir, String callId) throws Exception {
        try (CdrTable table = new CdrTable(CdrTable.h2Url(dir), "sa", "")) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                List<Cdr> found = table.find(new CdrTable.CdrFilter(null, null, null, null, null, null, 100)).stream()
                    .filter(c -> c.callId().equals(callId)).toList();
                if (!found.isEmpty() || System.nanoTime() > end) {
                    assertThat(found).as("the CDR of " + callId).singleElement();
                    return found.get(0);
                }
                TandemProcess.sleep(100);
            }
        }
    }

    /** The pcap files rtpengine wrote (recording-method pcap); they are complete once the call is deleted. */
    private static List<Path> recordings(RtpEngineServer daemon) throws IOException {
        Path pcaps = daemon.recordings().resolve("pcaps");
        if (!Files.isDirectory(pcaps)) {
            return List.of();
        }
        try (var files = Files.list(pcaps)) {
            List<Path> out = files.filter(f -> f.toString().endsWith(".pcap")).toList();
            System.out.println("rtpengine recordings: " + out.stream().map(f -> f.getFileName() + " " + f.toFile().length() + " B").toList());
            return out;
        }
    }

    private record Call(JsonNode result, Map<String, Long> rtpenginePackets) {
    }

    /** Runs the driver for one call, counting rtpengine's packets per party meanwhile. */
    private Call call(String name, int wssPort, boolean opusOnly, RtpEngines ng) throws Exception {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder("node", "driver.js").directory(DRIVER.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(Map.of("TANDEM_WSS", "wss://127.0.0.1:" + wssPort, "SIP_DOMAIN", ConfigDirectoryCallsIT.DOMAIN,
            "SIP_USER", "1001", "SIP_PASSWORD", "pw-1001", "CALL_TARGET", "1002", "TALK_MS", String.valueOf(TALK_MS),
            "OPUS_ONLY", opusOnly ? "1" : "0"));
        long t0 = System.nanoTime();
        Process node = pb.start();
        closeAfter(node::destroyForcibly);
        diagnostic(name, () -> "=== " + name + " (driver.js) stdout\n" + TandemProcess.tail(out, 20_000)
            + "\n=== stderr (JsSIP and the page)\n" + TandemProcess.tail(err, 60_000));
        Map<String, Long> packets = Map.of();
        while (node.isAlive() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
            Map<String, Long> now = MediaAnchoringIT.packetsByTag(ng);
            if (!now.isEmpty()) {
                packets = now; // the last count before the hang-up deletes the call
            }
            Thread.sleep(200);
        }
        assertThat(node.waitFor(1, TimeUnit.SECONDS)).as(name + ": driver.js ended within 60 s").isTrue();
        String line = Files.readAllLines(out).stream().filter(l -> l.startsWith("RESULT ") || l.startsWith("FAILED "))
            .findFirst().orElse("(no result line)");
        assertThat(line).as(name + ": driver.js").startsWith("RESULT ");
        assertThat(node.exitValue()).isZero();
        JsonNode result = new ObjectMapper().readTree(line.substring("RESULT ".length()));
        System.out.println(name + ": " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms, browser "
            + result.path("timeline") + ", sent " + result.path("outbound") + " (" + result.path("sentCodec").asString()
            + "), received " + result.path("inbound") + " (" + result.path("receivedCodec").asString() + "), "
            + result.path("transport") + "; rtpengine packets per party " + packets);
        return new Call(result, packets);
    }

    /** 50 packets of 20 ms are 1 s of the 2.5 s talked: media went both ways, through rtpengine. */
    private static void assertMediaBothWays(Call c) {
        assertThat(c.result.path("transport").path("dtlsState").asString()).isEqualTo("connected");
        assertThat(c.result.path("transport").path("srtpCipher").asString()).startsWith("SRTP_");
        assertThat(c.result.path("inbound").path("packetsReceived").asLong()).as("browser: inbound-rtp packetsReceived")
            .isGreaterThan(50);
        assertThat(c.result.path("outbound").path("packetsSent").asLong()).as("browser: outbound-rtp packetsSent")
            .isGreaterThan(50);
        assertThat(c.result.path("pair").path("remote").asString()).as("the browser's ICE peer: rtpengine")
            .startsWith("127.0.0.1:");
        assertThat(c.rtpenginePackets).as("RTP packets rtpengine received from each party (From and To tag)").hasSize(2)
            .allSatisfy((tag, n) -> assertThat(n).isGreaterThan(50));
    }

    /** {@code npm ci} in the driver's directory once (node_modules is kept, and ignored by git). */
    private void npmCiOnce() throws Exception {
        for (String tool : List.of("node", "npm", "chromium")) {
            assertThat(java.util.Arrays.stream(System.getenv("PATH").split(":")).map(d -> Path.of(d, tool)).anyMatch(Files::isExecutable))
                .as(tool + " on PATH (Debian packages nodejs, npm, chromium; bin/test-deps installs them)").isTrue();
        }
        if (Files.isDirectory(DRIVER.resolve("node_modules"))) {
            return;
        }
        Path log = dir.resolve("npm-ci.log");
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DRIVER.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0).as("npm ci in " + DRIVER.toAbsolutePath() + ":\n"
            + TandemProcess.tail(log, 5000)).isTrue();
    }

    /** Agent 1002 on baresip over UDP: auto-answer, PCMU only, a 440 Hz tone from a file as its microphone. */
    private BaresipIT.Baresip pcmuPhone(Path modules, int tandemPort) throws IOException {
        int sipPort = BaresipIT.sipListenPort();
        int consPort = Ports.free();
        Path home = Files.createDirectories(dir.resolve("baresip-1002"));
        Path tone = tone(home.resolve("tone.wav"));
        Files.writeString(home.resolve("config"), """
            poll_method		epoll
            sip_listen		127.0.0.1:%d
            net_interface		127.0.0.1
            audio_player		aufile,%s
            audio_source		aufile,%s
            audio_alert		aufile,%s
            module_path		%s
            module			g711.so
            module			aufile.so
            module			cons.so
            module_app		account.so
            module_app		menu.so
            cons_listen		127.0.0.1:%d
            """.formatted(sipPort, home.resolve("heard.wav"), tone, home.resolve("alert.wav"), modules, consPort));
        Files.writeString(home.resolve("accounts"), ("<sip:1002@%s>;auth_pass=pw-1002;outbound=\"sip:127.0.0.1:%d;transport=udp\";"
            + "regint=300;answermode=auto;audio_codecs=PCMU/8000/1\n").formatted(ConfigDirectoryCallsIT.DOMAIN, tandemPort));
        Path out = home.resolve("output.log");
        Process p = new ProcessBuilder("baresip", "-f", home.toString()).directory(home.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        BaresipIT.Baresip b = closeAfter(new BaresipIT.Baresip("baresip-1002", p, out, sipPort, consPort));
        diagnostic("baresip-1002", b::describe);
        return b;
    }

    /** 30 s of a 440 Hz sine, 8 kHz 16-bit mono WAV (RIFF header, then PCM little-endian). */
    private static Path tone(Path file) throws IOException {
        int rate = 8000;
        int samples = rate * 30;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1)
            .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
            .put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return Files.write(file, b.array());
    }
}
