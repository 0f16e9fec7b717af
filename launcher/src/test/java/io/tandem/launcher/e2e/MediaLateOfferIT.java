package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.EmbeddedDefaultsIT.finalStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.media.ng.RtpEngines;
import io.tandem.testkit.Ports;
import io.tandem.testkit.RtpEngineServer;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * A late offer (RFC 3261 §13.2.1) anchored through {@code tandem run} with {@code media.yaml}: the
 * caller's INVITE has no SDP, the callee's 200 carries the offer and the caller's ACK the answer;
 * Tandem offers the 200's SDP to rtpengine and answers with the ACK's, so the caller's 200 and the
 * callee's ACK name rtpengine, and the G.711 RTP both SIPps play goes through it, both ways.
 */
class MediaLateOfferIT extends E2eFixture {
    @Test
    void aCallWithoutAnOfferIsAnchoredFromThe200AndTheAck() throws Exception {
        RtpEngineServer daemon = closeAfter(RtpEngineServer.start());
        diagnostic("rtpengine", daemon::log);
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        MediaAnchoringIT.writeAnchoredConfig(config, sipPort, daemon);
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp(), "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        String domain = ConfigDirectoryCallsIT.DOMAIN;

        int port1002 = Ports.free();
        sipp.uac("agent-register.xml", port1002, edge).name("register-1002").set("USER", "1002").set("PASSWORD", "pw-1002")
            .set("DOMAIN", domain).start().assertSuccess();
        Sipp.Run callee = sipp.uas("media-late-answer.xml", port1002).name("1002-offers-in-200").media(Ports.free())
            .set("PCAP", MediaAnchoringIT.PCAP).start();
        Sipp.Run caller = sipp.uac("media-late-call.xml", Ports.free(), edge).service("1002").name("1001-answers-in-ack")
            .media(Ports.free()).set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", domain)
            .set("PCAP", MediaAnchoringIT.PCAP).set("HOLD_MS", 2500).start();
        assertAnchoredBothWays(daemon, dir.resolve("sipp"), caller, callee, "1002-offers-in-200", "1001-answers-in-ack");
    }

    /**
     * During the call rtpengine counts RTP from both parties; the SDP each SIPp received names
     * rtpengine (its address, a port of its range); after the BYE the call is deleted.
     */
    static void assertAnchoredBothWays(RtpEngineServer daemon, Path sippLogs, Sipp.Run caller, Sipp.Run callee, String... sides)
        throws Exception {
        try (RtpEngines ng = RtpEngines.open(List.of(daemon.ng()), 1000, 200, 0)) {
            Map<String, Long> packets = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && !(packets.size() == 2 && packets.values().stream().allMatch(n -> n > 10))) {
                Thread.sleep(100);
                packets = MediaAnchoringIT.packetsByTag(ng);
            }
            System.out.println("RTP packets rtpengine received, by tag: " + packets);
            assertThat(packets).as("RTP packets rtpengine received from each party").hasSize(2)
                .allSatisfy((tag, n) -> assertThat(n).isGreaterThan(10));
            caller.assertSuccess();
            callee.assertSuccess();
            assertThat(finalStatuses(caller)).containsExactly(407, 200);
            for (String side : sides) {
                List<String> sdps = MediaAnchoringIT.receivedSdps(sippLogs.resolve(side + "-messages.log"));
                assertThat(sdps).as(side + ": SDP received").isNotEmpty().allSatisfy(sdp -> {
                    assertThat(sdp).contains("c=IN IP4 127.0.0.1");
                    Matcher port = MediaAnchoringIT.MEDIA_PORT.matcher(sdp);
                    assertThat(port.find()).as(sdp).isTrue();
                    assertThat(Integer.parseInt(port.group(1))).isBetween(daemon.portRange().get(0), daemon.portRange().get(1));
                });
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!MediaAnchoringIT.calls(ng).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(MediaAnchoringIT.calls(ng)).as("calls rtpengine holds after the BYE").isEmpty();
        }
    }
}
