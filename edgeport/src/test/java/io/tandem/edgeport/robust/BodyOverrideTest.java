package io.tandem.edgeport.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.Features;
import io.tandem.processor.Decision;
import io.tandem.processor.Target;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A Forward's body override (a media anchor's rewritten SDP offer) is what the branch carries. */
class BodyOverrideTest {
    static final Duration WAIT = Duration.ofSeconds(3);

    @Test
    void theBranchCarriesTheForwardsBodyWithItsLengthAndType() throws Exception {
        byte[] sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.9\r\ns=-\r\nc=IN IP4 127.0.0.9\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n"
            .getBytes(StandardCharsets.UTF_8);
        try (UdpPeer caller = new UdpPeer(); UdpPeer callee = new UdpPeer();
             EdgePortFixture ep = new EdgePortFixture(c -> c, Features.none(), ctx -> CompletableFuture.completedFuture(
                 Decision.forward(Target.of(SipUri.parse("sip:bob@127.0.0.1:" + callee.port())))
                     .withBody(new Decision.Body(sdp, "application/sdp"))))) {
            Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", caller.port()).body("text/plain", "original body");
            caller.send(inv.text(), ep.udp());
            SipRequest out = (SipRequest) callee.receive(WAIT).message();
            assertThat(out.bodyText()).isEqualTo(new String(sdp, StandardCharsets.UTF_8));
            assertThat(out.contentLength()).isEqualTo(sdp.length);
            assertThat(out.contentType().toString()).startsWith("application/sdp");
        }
    }

    @Test
    void withoutAnOverrideTheRequestsBodyGoesOn() throws Exception {
        try (UdpPeer caller = new UdpPeer(); UdpPeer callee = new UdpPeer();
             EdgePortFixture ep = new EdgePortFixture(c -> c, Features.none(), ctx -> CompletableFuture.completedFuture(
                 Decision.forward(Target.of(SipUri.parse("sip:bob@127.0.0.1:" + callee.port())))))) {
            Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", caller.port()).body("text/plain", "original body");
            caller.send(inv.text(), ep.udp());
            SipRequest out = (SipRequest) callee.receive(WAIT).message();
            assertThat(out.bodyText()).isEqualTo("original body");
        }
    }
}
