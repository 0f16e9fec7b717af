package io.tandem.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connect.auth.NonceService;
import io.tandem.location.MemoryLocationService;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.provisioning.AccessControlList;
import io.tandem.provisioning.Agent;
import io.tandem.config.Cidr;
import io.tandem.provisioning.Credentials;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Metadata;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.ProvisioningSnapshot;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * An access control list is checked before digest: a source it denies gets one and the same 403
 * whether its password is right, wrong or absent, and is never challenged, so the answer is no
 * password oracle (RFC 3261 §26.2.1). Sources in 203.0.113.0/24 are allowed, 192.0.2.66 is not.
 */
class AdmissionOrderTest {
    private static final Metadata M = new Metadata("m");
    private static final String ALLOWED = "203.0.113.7";
    private static final String DENIED = "192.0.2.66";
    private static final String RUN_URI = "sip:1002@sip.test";

    private final NonceService nonces = new NonceService(new byte[32], 300_000, System::currentTimeMillis);
    private final ConnectProcessor connect = new ConnectProcessor(world(), new MemoryLocationService(),
        ConnectSettings.DEFAULT, nonces);

    private static ProvisioningSnapshot world() {
        return ProvisioningSnapshot.of(List.of(
            new AccessControlList("v2", "acl-office", M, new AccessControlList.Spec(
                new AccessControlList.Rules(List.of(Cidr.parse("203.0.113.0/24")), List.of()))),
            new Domain("v2", "dom-1", M, new Domain.Spec("acl-office", new Domain.Context("sip.test", null, List.of()))),
            new Credentials("v2", "cred-1001", M, new Credentials.Spec(new Credentials.UsernamePassword("1001", "right"))),
            new Credentials("v2", "cred-1002", M, new Credentials.Spec(new Credentials.UsernamePassword("1002", "right"))),
            new Credentials("v2", "cred-media", M, new Credentials.Spec(new Credentials.UsernamePassword("media", "right"))),
            new Agent("v2", "agent-1001", M, new Agent.Spec("1001", "dom-1", "cred-1001", null, -1, null, true)),
            new Agent("v2", "agent-1002", M, new Agent.Spec("1002", "dom-1", "cred-1002", null, -1, null, true)),
            new Peer("v2", "peer-media", M, new Peer.Spec("media", "sip:media@sip.test", null, "cred-media", "acl-office",
                null, -1, null, true))));
    }

    private String credentials(String header, String method, String uri, String user, String password, String realm) {
        return Requests.credentials(nonces, header, method, uri, user, password, realm);
    }

    private Decision.Respond answer(MessageContext ctx) {
        Decision d = connect.process(ctx).toCompletableFuture().join();
        assertThat(d).isInstanceOf(Decision.Respond.class);
        return (Decision.Respond) d;
    }

    /** The answers to one request without credentials, with a wrong and with the right password. */
    private List<Decision.Respond> tries(Function<String, MessageContext> withCredentials, MessageContext without) {
        return List.of(answer(without), answer(withCredentials.apply("wrong")), answer(withCredentials.apply("right")));
    }

    private static void assertAllTheSame403(List<Decision.Respond> answers) {
        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.headers()).isEmpty();
        });
        assertThat(answers).extracting(Decision.Respond::reason).containsOnly(answers.get(0).reason());
    }

    private MessageContext agentInvite(String source, String password) {
        String[] auth = password == null ? new String[0]
            : new String[] {credentials("Proxy-Authorization", "INVITE", RUN_URI, "1001", password, "sip.test")};
        return Requests.request("INVITE", RUN_URI, "sip:1001@sip.test", RUN_URI, source, auth);
    }

    private MessageContext agentRegister(String source, String password) {
        String[] auth = password == null ? new String[0] : new String[] {
            credentials("Authorization", "REGISTER", "sip:sip.test", "1001", password, "sip.test"),
            "Contact: <sip:1001@" + source + ":5070>", "Expires: 600"};
        return Requests.request("REGISTER", "sip:sip.test", "sip:1001@sip.test", "sip:1001@sip.test", source, auth);
    }

    private MessageContext peerInvite(String source, String password) {
        String[] auth = password == null ? new String[0]
            : new String[] {credentials("Proxy-Authorization", "INVITE", RUN_URI, "media", password, "sip.test")};
        return Requests.request("INVITE", RUN_URI, "sip:media@sip.test", RUN_URI, source, auth);
    }

    @Test
    void anAgentsInviteFromADeniedSourceIsForbiddenAlikeWithAnyPasswordAndNeverChallenged() {
        assertAllTheSame403(tries(pw -> agentInvite(DENIED, pw), agentInvite(DENIED, null)));
        assertThat(answer(agentInvite(DENIED, null)).reason())
            .isEqualTo("Forbidden (source address not allowed by the domain's access control list)");
    }

    @Test
    void anAgentsRegisterFromADeniedSourceIsForbiddenAlikeWithAnyPasswordAndNeverChallenged() {
        assertAllTheSame403(tries(pw -> agentRegister(DENIED, pw), agentRegister(DENIED, null)));
    }

    @Test
    void aPeerFromADeniedSourceIsForbiddenAlikeWithAnyPasswordAndNeverChallenged() {
        assertAllTheSame403(tries(pw -> peerInvite(DENIED, pw), peerInvite(DENIED, null)));
    }

    @Test
    void fromAnAllowedSourceDigestDecides() {
        assertThat(answer(agentInvite(ALLOWED, null)).status()).isEqualTo(407);
        assertThat(answer(agentInvite(ALLOWED, "wrong")).status()).isEqualTo(407);
        assertThat(answer(agentInvite(ALLOWED, "right")).status()).as("admitted; 1002 is not registered").isEqualTo(480);
        assertThat(answer(agentRegister(ALLOWED, null)).status()).isEqualTo(401);
        assertThat(answer(agentRegister(ALLOWED, "right")).status()).isEqualTo(200);
        assertThat(answer(peerInvite(ALLOWED, null)).status()).isEqualTo(407);
        assertThat(answer(peerInvite(ALLOWED, "right")).status()).isEqualTo(480);
    }
}
