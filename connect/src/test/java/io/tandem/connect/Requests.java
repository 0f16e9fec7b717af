package io.tandem.connect;

import io.tandem.connect.auth.NonceService;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.auth.DigestAlgorithm;
import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.auth.DigestClient;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Requests as the EdgePort hands them to Connect, for unit tests. */
final class Requests {
    /** The one UDP listening point of 127.0.0.1:5060. */
    static final ListeningPoint LP = new ListeningPoint(Transport.UDP, "127.0.0.1", 5060, "127.0.0.1", 5060);

    private Requests() {
    }

    /** An INVITE to {@code ruri} from Agent 1001 of sip.test, received over UDP from {@code sourceHost}:5070
     * (written as the EdgePort writes it: {@code 192.0.2.1}, {@code 2001:db8:0:0:0:0:0:1}). */
    static MessageContext invite(String ruri, String sourceHost) {
        return request("INVITE", ruri, "sip:1001@sip.test", ruri, sourceHost);
    }

    /**
     * A {@code method} request to {@code ruri} with these From and To URIs, received over UDP from
     * {@code sourceHost}:5070; {@code headers} are whole header lines added after the standard ones.
     */
    static MessageContext request(String method, String ruri, String from, String to, String sourceHost, String... headers) {
        StringBuilder text = new StringBuilder(method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + Targets.bracket(sourceHost) + ":5070;branch=z9hG4bK1\r\n"
                + "From: <" + from + ">;tag=1\r\nTo: <" + to + ">\r\n"
                + "Call-ID: c1\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n");
        for (String h : headers) {
            text.append(h).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        SipRequest req = (SipRequest) SipParser.parse(text.toString().getBytes(StandardCharsets.UTF_8));
        return new MessageContext("edge-1", req, Transport.UDP, sourceHost, 5070, LP, List.of(LP), List.of(), List.of());
    }

    /**
     * A {@code header} line (Authorization or Proxy-Authorization) with MD5 digest credentials of
     * {@code user} for {@code method} to {@code uri}, answering a nonce {@code nonces} issued for {@code realm}.
     */
    static String credentials(NonceService nonces, String header, String method, String uri, String user, String password,
                              String realm) {
        DigestChallenge ch = DigestChallenge.of(realm, nonces.issue(realm), DigestAlgorithm.MD5, "auth");
        return header + ": " + DigestClient.respond(ch, user, password, method, uri, new byte[0], "cn0", 1);
    }
}
