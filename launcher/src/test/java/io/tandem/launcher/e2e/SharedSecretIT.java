package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.auth.DigestClient;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two Tandems given the same secret accept each other's digest nonces: a REGISTER challenged by
 * one is accepted by the other (a softphone behind DNS SRV may retry on any EdgePort). One with
 * another secret does not recognize the nonce and challenges again.
 */
class SharedSecretIT extends E2eFixture {

    @Test
    void aChallengeOfOneServerIsAnsweredToAnotherWithTheSameSecret() throws Exception {
        Path secret = dir.resolve("shared-secret");
        Files.write(secret, "a deployment-wide secret, 32 bytes+".getBytes(StandardCharsets.UTF_8));
        Path other = dir.resolve("other-secret");
        Files.write(other, "another deployment's secret, long enough".getBytes(StandardCharsets.UTF_8));
        int portA = Ports.free();
        int portB = Ports.free();
        int portC = Ports.free();
        TandemProcess a = start("a", portA, secret);
        TandemProcess b = start("b", portB, secret);
        TandemProcess c = start("c", portC, other);
        for (TandemProcess t : new TandemProcess[] {a, b, c}) {
            t.awaitReady(Duration.ofSeconds(90));
        }
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            phone.setSoTimeout(5000);
            SipResponse challenge = exchange(phone, portA, register(phone, 1, null));
            assertThat(challenge.status()).isEqualTo(401);
            DigestChallenge ch = (DigestChallenge) challenge.wwwAuthenticate().stream()
                .filter(x -> x instanceof DigestChallenge d && "MD5".equals(d.algorithmName())).findFirst().orElseThrow();
            String auth = DigestClient.respond(ch, "1001", "pw-1001", "REGISTER", "sip:" + DOMAIN, new byte[0], "c0ffee", 1).toString();

            SipResponse onB = exchange(phone, portB, register(phone, 2, auth));
            assertThat(onB.status()).as("B accepts A's nonce").isEqualTo(200);
            SipResponse onC = exchange(phone, portC, register(phone, 3, auth));
            assertThat(onC.status()).as("C, with another secret, does not").isEqualTo(401);
        }
    }

    private TandemProcess start(String name, int sipPort, Path secret) throws Exception {
        Path config = dir.resolve("config-" + name);
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        return tandem("tandem-" + name, "run", "--config", config.toString(), "--http", freeHttp(), "--secret", secret.toString());
    }

    private static String register(DatagramSocket phone, int cseq, String authorization) {
        int port = phone.getLocalPort();
        return "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-shared-" + cseq + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:1001@" + DOMAIN + ">;tag=shared\r\n"
            + "To: <sip:1001@" + DOMAIN + ">\r\n"
            + "Call-ID: shared-secret-register\r\n"
            + "CSeq: " + cseq + " REGISTER\r\n"
            + "Contact: <sip:1001@127.0.0.1:" + port + ">\r\n"
            + "Expires: 300\r\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
            + "Content-Length: 0\r\n\r\n";
    }

    /** Sends {@code request} to 127.0.0.1:{@code port}; the first final response. */
    private static SipResponse exchange(DatagramSocket phone, int port, String request) throws Exception {
        byte[] out = request.getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(out, out.length, new InetSocketAddress("127.0.0.1", port)));
        byte[] buf = new byte[65535];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            phone.receive(p);
            SipResponse r = (SipResponse) SipParser.parse(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            if (r.status() >= 200) {
                return r;
            }
        }
    }
}
