package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.EmbeddedDefaultsIT.finalStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.media.ng.NgReply;
import io.tandem.media.ng.RtpEngines;
import io.tandem.testkit.Ports;
import io.tandem.testkit.RtpEngineServer;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem run} with {@code media.yaml}: an agent calls another through Tandem, both SIPps
 * playing G.711 RTP (play_pcap_audio of Debian's g711a.pcap), and the media goes through the test's
 * own rtpengine: each side's SDP names rtpengine, {@code query} counts packets from both, and the
 * call's media is deleted after the BYE. Then rtpengine is stopped: a call fails with 503 at once,
 * while REGISTER and MESSAGE are answered as before.
 */
class MediaAnchoringIT extends E2eFixture {
    static final String PCAP = "/usr/share/sip-tester/g711a.pcap";
    static final Pattern MEDIA_PORT = Pattern.compile("m=audio (\\d+) RTP/AVP");

    @Test
    void aCallIsAnchoredWithMediaBothWaysAndFailsFastWithoutRtpengine() throws Exception {
        RtpEngineServer daemon = closeAfter(RtpEngineServer.start());
        diagnostic("rtpengine", daemon::log);
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        writeAnchoredConfig(config, sipPort, daemon);
        assertThat(TandemProcess.run(dir, "validate", Duration.ofSeconds(60), "validate", "--config", config.toString()))
            .satisfies(r -> assertThat(r.exitCode()).as(r.description()).isZero());
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp(), "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        assertThat(tandem.stdout()).contains("media anchoring: policy always");
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        String domain = ConfigDirectoryCallsIT.DOMAIN;

        int port1001 = Ports.free();
        int port1002 = Ports.free();
        sipp.uac("agent-register.xml", port1002, edge).name("register-1002").set("USER", "1002").set("PASSWORD", "pw-1002")
            .set("DOMAIN", domain).start().assertSuccess();
        Sipp.Run callee = sipp.uas("media-answer.xml", port1002).name("1002-answers-with-rtp").media(Ports.free())
            .set("PCAP", PCAP).start();
        Sipp.Run caller = sipp.uac("media-call.xml", port1001, edge).service("1002").name("1001-calls-with-rtp")
            .media(Ports.free()).set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", domain).set("PCAP", PCAP)
            .set("HOLD_MS", 2500).start();

        try (RtpEngines ng = RtpEngines.open(List.of(daemon.ng()), 1000, 200, 0)) {
            // during the call: rtpengine counts packets from each party (its tags: the From and the To tag)
            Map<String, Long> packets = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && !(packets.size() == 2 && packets.values().stream().allMatch(n -> n > 10))) {
                Thread.sleep(100);
                packets = packetsByTag(ng);
            }
            assertThat(packets).as("RTP packets rtpengine received from each party").hasSize(2)
                .allSatisfy((tag, n) -> assertThat(n).isGreaterThan(10));
            caller.assertSuccess();
            callee.assertSuccess();
            assertThat(finalStatuses(caller)).containsExactly(407, 200);
            // each side was given rtpengine's address and a port of its range, never the other's
            for (String side : List.of("1002-answers-with-rtp", "1001-calls-with-rtp")) {
                List<String> sdps = receivedSdps(dir.resolve("sipp").resolve(side + "-messages.log"));
                assertThat(sdps).as(side + ": SDP received").isNotEmpty().allSatisfy(sdp -> {
                    assertThat(sdp).contains("c=IN IP4 127.0.0.1");
                    Matcher port = MEDIA_PORT.matcher(sdp);
                    assertThat(port.find()).as(sdp).isTrue();
                    assertThat(Integer.parseInt(port.group(1))).isBetween(daemon.portRange().get(0), daemon.portRange().get(1));
                });
            }
            // after the BYE the call is deleted
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!calls(ng).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(calls(ng)).as("calls rtpengine holds after the BYE").isEmpty();
        }

        // rtpengine goes away: a new call fails fast with 503; registration and MESSAGE go on
        daemon.stop();
        long t0 = System.nanoTime();
        Sipp.Run refused = sipp.uac("media-call-refused.xml", port1001, edge).service("1002").name("call-without-rtpengine")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", domain).set("STATUS", 503).start().assertSuccess();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(finalStatuses(refused)).containsExactly(407, 503);
        System.out.println("call refused without rtpengine: the whole SIPp run (start, INVITE, 407, INVITE, 503) took " + took + " ms");
        assertThat(took).as("INVITE → 407 → INVITE → 503, SIPp's start included").isLessThan(1000);
        assertThat(refused.receivedResponses()).filteredOn(r -> r.status() == 503).singleElement()
            .satisfies(r -> assertThat(r.header("Warning")).contains("no media relay available"));
        assertThat(finalStatuses(sipp.uac("agent-register.xml", port1001, edge).name("register-1001-without-rtpengine")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", domain).start().assertSuccess())).containsExactly(401, 200);
        sipp.uac("message.xml", Ports.free(), edge).service("1002").name("message-without-rtpengine").set("USER", "1001")
            .set("DOMAIN", domain).set("STATUS", 407).start().assertSuccess();
    }

    /** ConfigDirectoryCallsIT's directory (SIP on {@code sipPort}) with a media.yaml anchoring every call through {@code daemon}. */
    static void writeAnchoredConfig(Path config, int sipPort, RtpEngineServer daemon) throws java.io.IOException {
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        write(config, "media.yaml", """
            kind: Media
            apiVersion: v2beta1
            ref: media-e2e
            spec:
              rtpengines:
                - addr: "%s"
              policy: always
              timeoutMillis: 800
              retransmitMillis: 200
              pingMillis: 300
            """.formatted(daemon.ngAddr()));
    }

    /** The SDP bodies of the messages a SIPp received, from its message log (which keeps bodies). */
    static List<String> receivedSdps(Path messagesLog) throws java.io.IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String block : java.nio.file.Files.readString(messagesLog).split("-{47}")) {
            int sdp = block.indexOf("\nv=0");
            if (block.contains("message received") && sdp >= 0) {
                out.add(block.substring(sdp + 1));
            }
        }
        return out;
    }

    /** The Call-IDs rtpengine holds ({@code list}). */
    static List<?> calls(RtpEngines ng) throws Exception {
        return ng.instances().getFirst().request(RtpEngines.command("list")).get(2, TimeUnit.SECONDS).list("calls");
    }

    /** For each tag of the (one) call rtpengine holds: the packets received from that party (every stream's stats). */
    static Map<String, Long> packetsByTag(RtpEngines ng) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (Object callId : calls(ng)) {
            NgReply q;
            try {
                q = ng.instances().getFirst().request(RtpEngines.command("query", "call-id", callId)).get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof io.tandem.media.ng.NgFailure f && String.valueOf(f.getMessage()).contains("Unknown call-id")) {
                    continue; // deleted (hung up) between the list and this query
                }
                throw e;
            }
            for (Map.Entry<String, Object> tag : q.map("tags").entrySet()) {
                out.put(tag.getKey(), packets(tag.getValue()));
            }
        }
        return out;
    }

    private static long packets(Object node) {
        long n = 0;
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if ("stats".equals(e.getKey()) && e.getValue() instanceof Map<?, ?> stats && stats.get("packets") instanceof Long p) {
                    n += p;
                } else {
                    n += packets(e.getValue());
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                n += packets(o);
            }
        }
        return n;
    }
}
