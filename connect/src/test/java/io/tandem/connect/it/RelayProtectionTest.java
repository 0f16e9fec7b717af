package io.tandem.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Transport;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A forged "in-dialog" request (a To tag, our address in a Route) must not make Tandem relay it
 * unauthenticated to anywhere (toll fraud): only Route entries we wrote, sealed for the request's
 * Call-ID and tags, make a request in-dialog for us.
 */
class RelayProtectionTest extends ConnectFixture {
    private InetSocketAddress edgeAddr;

    @BeforeEach
    void startServer() throws Exception {
        RegWorld.write(this);
        start();
        edgeAddr = address(Transport.UDP);
    }

    private SipResponse send(String route) throws Exception {
        try (RegClient c = RegClient.udp(edgeAddr)) {
            String host = "127.0.0.1:" + c.port();
            return c.send("INVITE sip:+15551234567@198.51.100.1:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ";branch=z9hG4bK-forged" + System.nanoTime() + ";rport\r\n"
                + (route == null ? "" : "Route: " + route + "\r\n")
                + "Max-Forwards: 70\r\nFrom: <sip:1001@sip.local>;tag=attacker\r\n"
                + "To: <sip:+15551234567@198.51.100.1>;tag=made-up\r\nCall-ID: forged-" + System.nanoTime() + "\r\n"
                + "CSeq: 2 INVITE\r\nContact: <sip:1001@" + host + ">\r\nContent-Length: 0\r\n\r\n");
        }
    }

    @Test
    void inDialogRequestWithoutOurRouteIsRefused() throws Exception {
        SipResponse r = send(null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.reason()).contains("not routed through this server");
    }

    @Test
    void inDialogRequestWithAForgedRouteToUsIsRefused() throws Exception {
        String ours = "<sip:127.0.0.1:" + edgeAddr.getPort() + ";lr>";
        assertThat(send(ours).status()).isEqualTo(403);
        String fakeSeal = "<sip:127.0.0.1:" + edgeAddr.getPort() + ";tdm=0123456789abcdef;lr>";
        assertThat(send(fakeSeal).status()).isEqualTo(403);
    }
}
