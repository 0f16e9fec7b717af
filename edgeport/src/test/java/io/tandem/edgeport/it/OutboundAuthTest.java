package io.tandem.edgeport.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Decision;
import io.tandem.processor.DigestSecret;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.auth.DigestVerifier;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A target with credentials (a carrier behind a Trunk): the EdgePort answers the first 401/407
 * of the branch itself (RFC 3261 §22.2, §22.3), with CSeq + 1 in a new client transaction; the
 * caller never sees that challenge, and a second one on the same branch is passed on.
 */
class OutboundAuthTest extends EdgePortFixture {
    private static final DigestSecret SECRET = new DigestSecret("carrier-user", "s3cret");

    private void routeToCarrier(int carrierPort) {
        Target carrier = Target.of(SipUri.parse(uri("bob", carrierPort, Transport.UDP))).withCredentials(SECRET);
        routes.decide("bob", new Decision.Forward(List.of(carrier), Decision.Fork.SERIAL, List.of(), List.of()));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 407})
    void aChallengeOfTheCarrierIsAnsweredWithTheTargetsCredentials(int status) throws Exception {
        start(RFC, Transport.UDP);
        int carrierPort = Ports.free();
        routeToCarrier(carrierPort);
        String credentialsHeader = status == 407 ? "Proxy-Authorization" : "Authorization";
        Sipp.Run carrier = sipp.uas("uas_challenge.xml", carrierPort).set("STATUS", status)
            .set("CHALLENGE_HEADER", status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate")
            .set("CREDENTIALS_HEADER", credentialsHeader).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        caller.assertSuccess();
        carrier.assertSuccess();

        // the caller saw the call as if no challenge had come, with its own CSeq number throughout
        assertThat(caller.receivedResponses()).extracting(SipResponse::status).doesNotContain(401, 407)
            .contains(200);
        assertThat(caller.receivedResponses()).filteredOn(r -> r.cseq().method().name().equals("INVITE"))
            .allSatisfy(r -> assertThat(r.cseq().sequence()).isEqualTo(1));

        List<SipRequest> invites = transactions(carrier.received("INVITE"));
        assertThat(invites).hasSize(2);
        SipRequest first = invites.get(0);
        SipRequest retry = invites.get(1);
        assertThat(first.hasHeader(credentialsHeader)).isFalse();
        // §22.2: the same request again, CSeq + 1, a new transaction (our Via's branch)
        assertThat(retry.callId()).isEqualTo(first.callId());
        assertThat(retry.from().tag()).isEqualTo(first.from().tag());
        assertThat(retry.to().tag()).isNull();
        assertThat(retry.requestUriText()).isEqualTo(first.requestUriText());
        assertThat(retry.cseq().sequence()).isEqualTo(first.cseq().sequence() + 1);
        assertThat(retry.topVia().branch()).isNotEqualTo(first.topVia().branch());
        assertThat(retry.vias()).hasSize(2);
        assertThat(retry.bodyText()).isEqualTo(first.bodyText());

        List<?> credentials = status == 407 ? retry.proxyAuthorization() : retry.authorization();
        assertThat(credentials).hasSize(1);
        DigestCredentials c = (DigestCredentials) credentials.get(0);
        assertThat(c.username()).isEqualTo("carrier-user");
        assertThat(c.realm()).isEqualTo("carrier.example");
        assertThat(c.nonce()).startsWith("n0nce-");
        assertThat(c.uri()).isEqualTo(retry.requestUriText());
        assertThat(c.qop()).isEqualTo("auth");
        assertThat(DigestVerifier.verifyPassword(c, "INVITE", retry.body(), "s3cret")).isTrue();
        assertThat(DigestVerifier.verifyPassword(c, "INVITE", retry.body(), "wrong")).isFalse();

        // the 401/407 was acknowledged hop by hop, in the challenged transaction
        SipRequest ack = carrier.received("ACK").get(0);
        assertThat(ack.topVia().branch()).isEqualTo(first.topVia().branch());
        // the caller's ACK for the 200 is renumbered to the retried INVITE's CSeq (§13.2.2.4)
        List<SipRequest> acks = carrier.received("ACK");
        assertThat(acks.get(acks.size() - 1).cseq().sequence()).isEqualTo(retry.cseq().sequence());
        assertThat(carrier.received("BYE")).isNotEmpty();
        assertThat(edge.stats().internalErrors.sum()).isZero();
    }

    @Test
    void aSecondChallengeOnTheSameBranchGoesToTheCaller() throws Exception {
        start(RFC, Transport.UDP);
        int carrierPort = Ports.free();
        routeToCarrier(carrierPort);
        Sipp.Run carrier = sipp.uas("uas_challenge_twice.xml", carrierPort).start();
        Sipp.Run caller = sipp.uac("uac_rejected.xml", Ports.free(), edgeAddress(Transport.UDP)).set("STATUS", 407).start();
        caller.assertSuccess();
        carrier.assertSuccess();

        assertThat(transactions(carrier.received("INVITE"))).hasSize(2); // answered once, no more
        SipResponse challenge = caller.receivedResponses().stream().filter(r -> r.status() == 407).findFirst().orElseThrow();
        assertThat(challenge.header("Proxy-Authenticate")).contains("nonce=\"second-");
        assertThat(challenge.cseq().sequence()).isEqualTo(1);
        assertThat(challenge.vias()).hasSize(1);
    }

    @Test
    void aCancelAfterTheRetryCancelsTheRetriedTransaction() throws Exception {
        start(RFC, Transport.UDP);
        int carrierPort = Ports.free();
        routeToCarrier(carrierPort);
        Sipp.Run carrier = sipp.uas("uas_challenge_cancelled.xml", carrierPort).start();
        Sipp.Run caller = sipp.uac("uac_cancel.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        caller.assertSuccess();
        carrier.assertSuccess();

        List<SipRequest> invites = transactions(carrier.received("INVITE"));
        assertThat(invites).hasSize(2);
        SipRequest cancel = carrier.received("CANCEL").get(0);
        assertThat(cancel.topVia().branch()).isEqualTo(invites.get(1).topVia().branch());
        assertThat(cancel.cseq().sequence()).isEqualTo(invites.get(1).cseq().sequence());
        assertThat(caller.receivedResponses()).filteredOn(r -> r.status() == 487)
            .isNotEmpty().allSatisfy(r -> assertThat(r.cseq().sequence()).isEqualTo(1));
    }

    /** The first request of each transaction (by top Via branch), in order: retransmissions left out. */
    private static List<SipRequest> transactions(List<SipRequest> requests) {
        Map<String, SipRequest> byBranch = new LinkedHashMap<>();
        for (SipRequest r : requests) {
            byBranch.putIfAbsent(r.topVia().branch(), r);
        }
        return new ArrayList<>(byBranch.values());
    }
}
