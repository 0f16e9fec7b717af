package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import io.tandem.testkit.RtpEngineServer;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Media anchoring in the split deployment: {@code tandem edgeport} with {@code media.yaml} in front
 * of {@code tandem dispatcher} and {@code tandem connect} (three processes, gRPC on loopback). The
 * media middleware runs in the EdgePort, around its call to the remote Dispatcher: an agent's call
 * with an offer in the INVITE, then one with the offer in the 200 (late offer), both with G.711
 * RTP through the test's rtpengine, counted from both parties, each SDP naming rtpengine.
 */
class SplitMediaIT extends E2eFixture {
    @Test
    void theEdgePortAnchorsCallsRoutedByARemoteDispatcher() throws Exception {
        RtpEngineServer daemon = closeAfter(RtpEngineServer.start());
        diagnostic("rtpengine", daemon::log);
        int sipPort = Ports.free();
        int connectPort = Ports.free();
        int dispatcherPort = Ports.free();
        Path config = dir.resolve("config");
        MediaAnchoringIT.writeAnchoredConfig(config, sipPort, daemon);
        write(config, "dispatcher.yaml", SplitDeploymentIT.dispatcher(connectPort));
        TandemProcess connect = tandem("connect", "connect", "--config", config.toString(), "--listen", "127.0.0.1:" + connectPort,
            "--digest", "MD5");
        TandemProcess dispatcher = tandem("dispatcher", "dispatcher", "--config", config.toString(), "--listen",
            "127.0.0.1:" + dispatcherPort, "--http", freeHttp());
        connect.awaitStdout("connect processor serving gRPC", Duration.ofSeconds(60));
        dispatcher.awaitStdout("serving gRPC on 127.0.0.1:" + dispatcherPort, Duration.ofSeconds(60));
        TandemProcess edge = tandem("edgeport", "edgeport", "--config", config.toString(), "--http", freeHttp(),
            "--dispatcher", "127.0.0.1:" + dispatcherPort);
        assertThat(edge.awaitReady(Duration.ofSeconds(90)).body()).isEqualTo("ok\n");
        assertThat(edge.stdout()).contains("media anchoring: policy always");
        InetSocketAddress edgeAddr = new InetSocketAddress("127.0.0.1", sipPort);
        String domain = ConfigDirectoryCallsIT.DOMAIN;

        int port1002 = Ports.free();
        sipp.uac("agent-register.xml", port1002, edgeAddr).name("register-1002").set("USER", "1002").set("PASSWORD", "pw-1002")
            .set("DOMAIN", domain).start().assertSuccess();
        for (String kind : new String[] {"early", "late"}) {
            boolean late = kind.equals("late");
            Sipp.Run callee = sipp.uas(late ? "media-late-answer.xml" : "media-answer.xml", port1002).name(kind + "-1002")
                .media(Ports.free()).set("PCAP", MediaAnchoringIT.PCAP).start();
            Sipp.Run caller = sipp.uac(late ? "media-late-call.xml" : "media-call.xml", Ports.free(), edgeAddr).service("1002")
                .name(kind + "-1001").media(Ports.free()).set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", domain)
                .set("PCAP", MediaAnchoringIT.PCAP).set("HOLD_MS", 2500).start();
            MediaLateOfferIT.assertAnchoredBothWays(daemon, dir.resolve("sipp"), caller, callee, kind + "-1002", kind + "-1001");
        }
        assertThat(dispatcher.stdout()).doesNotContain("media anchoring");
    }
}
