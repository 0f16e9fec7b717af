package io.tandem.edgeport.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.edgeport.dns.NumericResolver;
import io.tandem.processor.Decision;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.uri.SipUri;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SmokeCallTest {
    @Test
    void basicCallOverUdp() throws Exception {
        EdgePortConfig cfg = EdgePortConfig.of(List.of(new TransportSpec(Transport.UDP, "127.0.0.1", 15060)));
        EdgePort ep = new EdgePort(cfg, ctx -> CompletableFuture.completedFuture(
            Decision.forward(Target.of(SipUri.parse("sip:service@127.0.0.1:15070")))),
            new NumericResolver(Executors.newVirtualThreadPerTaskExecutor()), 2);
        ep.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Process uas = new ProcessBuilder("sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", "15070", "-bg", "-nostdin")
            .redirectErrorStream(true).redirectOutput(new java.io.File("/tmp/uas.log")).start();
        Thread.sleep(500);
        Process uac = new ProcessBuilder("sipp", "-sn", "uac", "127.0.0.1:15060", "-i", "127.0.0.1", "-p", "15080",
            "-m", "5", "-r", "5", "-timeout", "20s", "-nostdin", "-trace_err", "-error_file", "/tmp/uac_err.log")
            .redirectErrorStream(true).redirectOutput(new java.io.File("/tmp/uac.log")).start();
        boolean done = uac.waitFor(30, TimeUnit.SECONDS);
        new ProcessBuilder("pkill", "-f", "sipp -sn uas").start().waitFor();
        ep.close();
        assertThat(done).isTrue();
        assertThat(uac.exitValue()).isEqualTo(0);
    }
}
