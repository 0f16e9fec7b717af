package io.tandem.edgeport.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** RFC 3261 §16.6 step 6: forwarding toward a strict router (a Route URI without lr). */
class StrictRouteTest {
    private static final ListeningPoint LP = new ListeningPoint(Transport.UDP, "127.0.0.1", 5060, "127.0.0.1", 5060);

    private static Flow flow(int port) {
        return new Flow() {
            public Transport transport() { return Transport.UDP; }
            public InetSocketAddress remote() { return new InetSocketAddress("127.0.0.1", port); }
            public ListeningPoint local() { return LP; }
            public boolean isOpen() { return true; }
            public CompletionStage<Void> send(SipMessage m) { return CompletableFuture.completedFuture(null); }
            public Flow forResponse(Via v) { return this; }
        };
    }

    private static SipRequest request(String routes) {
        String text = "BYE sip:bob@192.0.2.4 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:7000;branch=z9hG4bK-a\r\n"
            + routes + "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\nCall-ID: c\r\nCSeq: 2 BYE\r\n"
            + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        return (SipRequest) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SipRequest forward(SipRequest base) {
        return RequestForwarder.branch(base, Target.of(base.requestUri()), flow(7000), LP, flow(8000), false,
            "z9hG4bK-T1", Advertiser.FIXED, null);
    }

    @Test
    void towardAStrictRouterTheRequestUriMovesToTheEndOfTheRouteSet() {
        SipRequest out = forward(request("Route: <sip:strict.example.com>, <sip:next.example.com;lr>\r\n"));
        assertThat(out.requestUriText()).isEqualTo("sip:strict.example.com");
        assertThat(out.routes()).extracting(r -> r.uri().toString())
            .containsExactly("sip:next.example.com;lr", "sip:bob@192.0.2.4");
    }

    @Test
    void towardALooseRouterNothingMoves() {
        SipRequest out = forward(request("Route: <sip:loose.example.com;lr>\r\n"));
        assertThat(out.requestUriText()).isEqualTo("sip:bob@192.0.2.4");
        assertThat(out.routes()).extracting(r -> ((SipUri) r.uri()).host()).containsExactly("loose.example.com");
    }

    @Test
    void withoutRouteNothingMoves() {
        SipRequest out = forward(request(""));
        assertThat(out.requestUriText()).isEqualTo("sip:bob@192.0.2.4");
        assertThat(out.routes()).isEqualTo(List.of());
        assertThat(out.topVia().branch()).isEqualTo("z9hG4bK-T1");
    }
}
