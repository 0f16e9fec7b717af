package io.tandem.edgeport.it;

import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import io.tandem.testkit.TlsRelay;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Transport;
import io.tandem.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

/** What the proxy absorbs or refuses: retransmissions (§17.2.3), Max-Forwards (§16.3 step 3), loops (§16.3 step 4). */
class ProxyGuardTest extends EdgePortFixture {

    @Test
    void retransmittedInviteIsAbsorbed() throws Exception {
        start(RFC, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        Sipp.Run callee = sipp.uas("uas_call.xml", calleePort).set("TRYING_MS", 500).start();
        // -nr: SIPp would answer the proxy's repeated 100 by resending the copy, and so on until the 180
        Sipp.Run caller = sipp.uac("uac_retransmit.xml", Ports.free(), edgeAddress(Transport.UDP)).noRetransmissions().start();
        caller.assertSuccess();
        callee.assertSuccess();

        assertThat(callee.received("INVITE")).hasSize(1);
        assertThat(routes.asked.stream().filter(a -> a.startsWith("INVITE"))).hasSize(1);
        // §17.2.1: the copy was answered with the last provisional response sent, the 100
        assertThat(caller.receivedResponses().stream().filter(r -> r.status() == 100)).hasSize(2);
    }

    @Test
    void maxForwardsZeroIsRefusedWith483() throws Exception {
        start(RFC, Transport.UDP);
        routes.route("bob", uri("bob", Ports.free(), Transport.UDP));
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(Transport.UDP))
            .set("MAX_FORWARDS", 0).set("STATUS", 483).start();
        caller.assertSuccess();
        assertThat(routes.asked).isEmpty();
        assertThat(edge.stats().rejected.sum()).isEqualTo(1);
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).containsOnly(483);
    }

    @Test
    void requestLoopingBackIsRefusedWith482() throws Exception {
        start(RFC, Transport.UDP);
        int edgePort = edgeAddress(Transport.UDP).getPort();
        // the processor sends "loop" to the proxy itself, with the same Request-URI
        routes.route("loop", "sip:loop@127.0.0.1:" + edgePort);
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(Transport.UDP)).service("loop")
            .set("STATUS", 482).start();
        caller.assertSuccess();
        assertThat(edge.stats().loops.sum()).isEqualTo(1);
        assertThat(routes.asked).containsExactly("INVITE loop");
        SipResponse loop = caller.receivedResponses().stream().filter(r -> r.status() == 482).findFirst().orElseThrow();
        assertThat(loop.vias()).hasSize(1);
    }
}
