package io.tandem.edgeport.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Decision;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CANCEL (RFC 3261 §9, §16.10) and parallel forking (§16.7 step 10) through the EdgePort. */
class CancelAndForkTest extends EdgePortFixture {

    @Test
    void callerCancelsAfterRinging() throws Exception {
        start(FAST, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        Sipp.Run callee = sipp.uas("uas_cancelled.xml", calleePort).start();
        Sipp.Run caller = sipp.uac("uac_cancel.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        caller.assertSuccess();
        callee.assertSuccess();

        SipRequest invite = callee.received("INVITE").get(0);
        SipRequest cancel = callee.received("CANCEL").get(0);
        SipRequest ack = callee.received("ACK").get(0);
        // §9.1/§16.10: the proxy's own CANCEL, in the INVITE's branch, with only the proxy's Via
        assertThat(cancel.vias()).hasSize(1);
        assertThat(cancel.topVia().branch()).isEqualTo(invite.topVia().branch());
        assertThat(cancel.cseq().sequence()).isEqualTo(invite.cseq().sequence());
        // §17.1.1.3: the ACK for the 487 is the proxy's, hop by hop
        assertThat(ack.vias()).hasSize(1);
        assertThat(ack.topVia().branch()).isEqualTo(invite.topVia().branch());
        assertThat(callee.received("ACK")).hasSize(1);
        // the caller: 200 for its CANCEL, then the 487, nothing else final
        List<Integer> finals = caller.receivedResponses().stream().map(SipResponse::status).filter(s -> s >= 200).distinct().toList();
        assertThat(finals).containsExactly(200, 487);
        // the CANCEL is the proxy's business: the processor saw only the INVITE
        assertThat(routes.asked).containsExactly("INVITE bob");
    }

    @Test
    void parallelForkCancelsTheLosingBranch() throws Exception {
        start(FAST, Transport.UDP);
        int answerPort = Ports.free();
        int ringPort = Ports.free();
        routes.route("bob", Decision.Fork.PARALLEL, uri("bob", answerPort, Transport.UDP), uri("bob", ringPort, Transport.UDP));
        // the first callee answers after 300 ms; the second rings on and must be cancelled
        Sipp.Run answering = sipp.uas("uas_call.xml", answerPort).set("RING_MS", 300).start();
        Sipp.Run ringing = sipp.uas("uas_cancelled.xml", ringPort).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        caller.assertSuccess();
        answering.assertSuccess();
        ringing.assertSuccess();

        assertThat(ringing.received("CANCEL")).hasSize(1);
        assertThat(ringing.received("BYE")).isEmpty();
        assertThat(answering.received("BYE")).hasSize(1);
        // §16.7 step 6: the cancelled branch's 487 is not forwarded once a 2xx went upstream
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).doesNotContain(487);
        // both branches rang: the caller saw a 180 from each (different To tags)
        assertThat(caller.receivedResponses().stream().filter(r -> r.status() == 180).map(r -> r.to().tag()).distinct())
            .hasSize(2);
    }
}
