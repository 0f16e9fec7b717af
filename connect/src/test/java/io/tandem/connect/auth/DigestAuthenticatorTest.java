package io.tandem.connect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.auth.DigestClient;
import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Server-side digest with a real client computation (SHA-256 and MD5), as SIPp cannot do SHA-256. */
class DigestAuthenticatorTest {
    private static final String REALM = "sip.example.com";
    private final AtomicLong now = new AtomicLong(5_000_000);
    private final NonceService nonces = new NonceService("a nonce key for the tests".getBytes(), 60_000, now::get);
    private final DigestAuthenticator auth = new DigestAuthenticator(nonces);
    private final Map<String, String> passwords = Map.of("alice", "s3cret");

    private static SipRequest request(String method, String authHeader) {
        String text = method + " sip:" + REALM + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
            + "From: <sip:alice@" + REALM + ">;tag=1\r\nTo: <sip:alice@" + REALM + ">\r\n"
            + "Call-ID: c1\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n"
            + (authHeader == null ? "" : authHeader + "\r\n") + "Content-Length: 0\r\n\r\n";
        return (SipRequest) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private String answer(DigestChallenge ch, String method, String user, String password, long nc) {
        DigestCredentials c = DigestClient.respond(ch, user, password, method, "sip:" + REALM, new byte[0], "cn0nce", nc);
        return (method.equals("REGISTER") ? "Authorization: " : "Proxy-Authorization: ") + c;
    }

    @Test
    void challengesOfferSha256BeforeMd5WithQopAuth() {
        List<String> ch = auth.challenges(REALM, false);
        assertThat(ch).hasSize(2);
        DigestChallenge first = DigestChallenge.parse(ch.get(0));
        DigestChallenge second = DigestChallenge.parse(ch.get(1));
        assertThat(first.algorithmName()).isEqualTo("SHA-256");
        assertThat(second.algorithmName()).isEqualTo("MD5");
        assertThat(first.qop()).containsExactly("auth");
        assertThat(first.realm()).isEqualTo(REALM);
        assertThat(first.nonce()).isEqualTo(second.nonce());
        assertThat(first.stale()).isFalse();
        assertThat(DigestChallenge.parse(auth.challenges(REALM, true).get(0)).stale()).isTrue();
    }

    @Test
    void sha256AndMd5CredentialsAreAccepted() {
        for (int i = 0; i < 2; i++) {
            String c = auth.challenges(REALM, false).get(i); // a fresh nonce each time: nc starts at 1
            SipRequest r = request("REGISTER", answer(DigestChallenge.parse(c), "REGISTER", "alice", "s3cret", 1));
            var v = auth.verify(r, REALM, passwords::get);
            assertThat(v.result()).isEqualTo(DigestAuthenticator.Result.OK);
            assertThat(v.username()).isEqualTo("alice");
        }
    }

    @Test
    void inviteUsesProxyAuthorization() {
        DigestChallenge ch = DigestChallenge.parse(auth.challenges(REALM, false).get(0));
        assertThat(auth.verify(request("INVITE", answer(ch, "INVITE", "alice", "s3cret", 1)), REALM, passwords::get).result())
            .isEqualTo(DigestAuthenticator.Result.OK);
        // Authorization (not Proxy-) on an INVITE is not what a proxy reads: challenge.
        String wrongHeader = answer(ch, "INVITE", "alice", "s3cret", 2).replace("Proxy-Authorization", "Authorization");
        assertThat(auth.verify(request("INVITE", wrongHeader), REALM, passwords::get).result())
            .isEqualTo(DigestAuthenticator.Result.MISSING);
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        DigestChallenge ch = DigestChallenge.parse(auth.challenges(REALM, false).get(1));
        var wrong = auth.verify(request("REGISTER", answer(ch, "REGISTER", "alice", "nope", 1)), REALM, passwords::get);
        var unknown = auth.verify(request("REGISTER", answer(ch, "REGISTER", "mallory", "x", 1)), REALM, passwords::get);
        assertThat(wrong.result()).isEqualTo(DigestAuthenticator.Result.FAILED);
        assertThat(unknown.result()).isEqualTo(DigestAuthenticator.Result.FAILED);
    }

    @Test
    void expiredNonceWithRightPasswordIsStale() {
        DigestChallenge ch = DigestChallenge.parse(auth.challenges(REALM, false).get(0));
        String header = answer(ch, "REGISTER", "alice", "s3cret", 1);
        now.addAndGet(60_001);
        assertThat(auth.verify(request("REGISTER", header), REALM, passwords::get).result())
            .isEqualTo(DigestAuthenticator.Result.STALE);
    }

    @Test
    void replayedNonceCountIsRefused() {
        DigestChallenge ch = DigestChallenge.parse(auth.challenges(REALM, false).get(0));
        String header = answer(ch, "REGISTER", "alice", "s3cret", 1);
        assertThat(auth.verify(request("REGISTER", header), REALM, passwords::get).result()).isEqualTo(DigestAuthenticator.Result.OK);
        assertThat(auth.verify(request("REGISTER", header), REALM, passwords::get).result()).isEqualTo(DigestAuthenticator.Result.FAILED);
        String next = answer(ch, "REGISTER", "alice", "s3cret", 2);
        assertThat(auth.verify(request("REGISTER", next), REALM, passwords::get).result()).isEqualTo(DigestAuthenticator.Result.OK);
    }

    @Test
    void credentialsForAnotherRealmAreMissingForThisOne() {
        DigestChallenge ch = DigestChallenge.parse(auth.challenges("other.realm", false).get(0));
        DigestCredentials c = DigestClient.respond(ch, "alice", "s3cret", "REGISTER", "sip:" + REALM, new byte[0], "x", 1);
        assertThat(auth.verify(request("REGISTER", "Authorization: " + c), REALM, passwords::get).result())
            .isEqualTo(DigestAuthenticator.Result.MISSING);
    }
}
