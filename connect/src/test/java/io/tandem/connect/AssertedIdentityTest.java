package io.tandem.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connect.auth.NonceService;
import io.tandem.location.MemoryLocationService;
import io.tandem.location.Route;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.sip.message.SipRequest;
import io.tandem.provisioning.AccessControlList;
import io.tandem.provisioning.Agent;
import io.tandem.config.Cidr;
import io.tandem.provisioning.Credentials;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Metadata;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.PhoneNumber;
import io.tandem.provisioning.ProvisioningSnapshot;
import io.tandem.provisioning.Resource;
import io.tandem.provisioning.Trunk;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The RFC 3325 trust boundary: what an Agent (untrusted) says about its identity never leaves;
 * the authenticated identity is asserted toward Trunks and Peers (trusted) only; what a Trunk or
 * a Peer asserted reaches an Agent unless the request asks for {@code Privacy: id}.
 */
class AssertedIdentityTest {
    private static final Metadata M = new Metadata("m");
    private static final String CARRIER = "198.51.100.9";
    private static final String PEER_HOST = "198.51.100.20";
    private static final String PHONE = "192.0.2.10";
    private static final String SPOOF_PAI = "P-Asserted-Identity: <sip:ceo@sip.test>";
    private static final String SPOOF_RPID = "Remote-Party-ID: <sip:ceo@sip.test>;party=calling;screen=yes";
    private static final String CARRIER_PAI = "P-Asserted-Identity: <sip:+14045550000@carrier.test>";

    private final NonceService nonces = new NonceService(new byte[32], 300_000, System::currentTimeMillis);
    private final MemoryLocationService location = new MemoryLocationService();
    private final ConnectProcessor connect = new ConnectProcessor(world(), location, ConnectSettings.DEFAULT, nonces);

    AssertedIdentityTest() {
        location.addRoute("sip:1003@sip.test", Route.builder("192.0.2.30", 5060, "UDP").user("1003").build()).toCompletableFuture().join();
        location.addRoute("sip:media@sip.test", Route.builder("198.51.100.21", 5060, "UDP").user("media").build())
            .toCompletableFuture().join();
    }

    private static Agent agent(String user, Agent.Privacy privacy) {
        return new Agent("v2", "agent-" + user, M, new Agent.Spec(user, "dom-1", "cred-" + user, privacy, -1, null, true));
    }

    private static PhoneNumber number(String ref, String tel, String aorLink) {
        return new PhoneNumber("v2", ref, M, new PhoneNumber.Spec("trunk-out", new PhoneNumber.Location(tel, aorLink, null, List.of())));
    }

    private static ProvisioningSnapshot world() {
        List<Resource> all = new ArrayList<>(List.of(
            new Domain("v2", "dom-1", M, new Domain.Spec(null, new Domain.Context("sip.test", null,
                List.of(new Domain.EgressPolicy(".*", "num-agent"))))),
            agent("1001", Agent.Privacy.NONE), agent("1002", Agent.Privacy.PRIVATE), agent("1003", Agent.Privacy.NONE),
            new AccessControlList("v2", "acl-peer", M, new AccessControlList.Spec(
                new AccessControlList.Rules(List.of(Cidr.parse(PEER_HOST + "/32")), List.of()))),
            new Peer("v2", "peer-media", M, new Peer.Spec("media", "sip:media@sip.test", null, null, "acl-peer", null, -1, null, true)),
            new Trunk("v2", "trunk-out", M, new Trunk.Spec(new Trunk.Inbound("carrier.test", null, null),
                new Trunk.Outbound(false, null, List.of(new Trunk.OutboundUri(
                    new Trunk.Uri(null, CARRIER, 5060, Trunk.Transport.UDP), 0, 1, true))))),
            number("num-agent", "tel:+17066041487", "sip:1003@sip.test"),
            number("num-peer", "tel:+17066040000", "sip:media@sip.test")));
        for (String user : List.of("1001", "1002", "1003")) {
            all.add(new Credentials("v2", "cred-" + user, M, new Credentials.Spec(new Credentials.UsernamePassword(user, "pw"))));
        }
        return ProvisioningSnapshot.of(all);
    }

    private Decision.Forward forward(MessageContext ctx) {
        Decision d = connect.process(ctx).toCompletableFuture().join();
        assertThat(d).isInstanceOf(Decision.Forward.class);
        return (Decision.Forward) d;
    }

    /** Agent {@code user}'s authenticated INVITE to {@code callee}@sip.test with these extra header lines. */
    private Decision.Forward fromAgent(String user, String callee, String... headers) {
        String ruri = "sip:" + callee + "@sip.test";
        String auth = Requests.credentials(nonces, "Proxy-Authorization", "INVITE", ruri, user, "pw", "sip.test");
        return forward(Requests.request("INVITE", ruri, "sip:" + user + "@sip.test", ruri, PHONE,
            Stream.concat(Stream.of(auth), Stream.of(headers)).toArray(String[]::new)));
    }

    private Decision.Forward fromCarrier(String did, String... headers) {
        String ruri = "sip:" + did + "@carrier.test";
        return forward(Requests.request("INVITE", ruri, "sip:+14045550000@carrier.test", ruri, CARRIER, headers));
    }

    private Decision.Forward fromPeer(String callee, String... headers) {
        String ruri = "sip:" + callee + "@sip.test";
        return forward(Requests.request("INVITE", ruri, "sip:media@sip.test", ruri, PEER_HOST, headers));
    }

    private static List<String> added(Decision.Forward f, String name) {
        return f.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    private static void assertAgentsIdentityHeadersRemoved(Decision.Forward f) {
        assertThat(f.removeHeaders()).contains("P-Asserted-Identity", "P-Preferred-Identity", "Remote-Party-ID");
    }

    @Test
    void towardAnAgentAnAgentsIdentityHeadersAreRemovedAndNoneIsAsserted() {
        for (String caller : List.of("1001", "1002")) {
            Decision.Forward f = fromAgent(caller, "1003", SPOOF_PAI, SPOOF_RPID, "P-Preferred-Identity: <sip:ceo@sip.test>");
            assertAgentsIdentityHeadersRemoved(f);
            assertThat(added(f, "P-Asserted-Identity")).as("caller %s", caller).isEmpty();
            assertThat(added(f, "Remote-Party-ID")).isEmpty();
        }
    }

    @Test
    void towardAPeerTheAgentsAorIsAssertedAndMarkedPrivateForAPrivateAgent() {
        Decision.Forward f = fromAgent("1001", "media", SPOOF_PAI, SPOOF_RPID);
        assertAgentsIdentityHeadersRemoved(f);
        assertThat(added(f, "P-Asserted-Identity")).containsExactly("<sip:1001@sip.test>");
        assertThat(added(f, "Privacy")).isEmpty();

        Decision.Forward hidden = fromAgent("1002", "media");
        assertThat(added(hidden, "P-Asserted-Identity")).containsExactly("<sip:1002@sip.test>");
        assertThat(added(hidden, "Privacy")).containsExactly("id");
        assertThat(hidden.removeHeaders()).contains("Privacy");
    }

    @Test
    void aPreferredIdentityIsAHintThatCanOnlyNameTheAgentsOwnAor() {
        Decision.Forward own = fromAgent("1001", "media", "P-Preferred-Identity: \"Alice\" <sip:1001@sip.test>");
        assertThat(added(own, "P-Asserted-Identity")).singleElement().satisfies(v -> {
            assertThat(v).contains("Alice").contains("<sip:1001@sip.test>");
        });
        Decision.Forward other = fromAgent("1001", "media", "P-Preferred-Identity: \"Boss\" <sip:ceo@sip.test>");
        assertThat(added(other, "P-Asserted-Identity")).containsExactly("<sip:1001@sip.test>");
        assertThat(other.removeHeaders()).contains("P-Preferred-Identity");
    }

    @Test
    void towardATrunkTheCallerIdIsAssertedInPlaceOfWhatTheAgentSent() {
        Decision.Forward f = fromAgent("1001", "+33140000000", SPOOF_PAI, SPOOF_RPID, "P-Preferred-Identity: <sip:ceo@sip.test>");
        assertAgentsIdentityHeadersRemoved(f);
        assertThat(added(f, "P-Asserted-Identity")).containsExactly("<sip:+17066041487@" + CARRIER + ">");
        assertThat(added(f, "Remote-Party-ID")).isEmpty();
    }

    @Test
    void aTrunksAssertionReachesAnAgentUnlessThePrivacyOfTheIdentityIsAsked() {
        assertThat(fromCarrier("+17066041487", CARRIER_PAI).removeHeaders()).doesNotContain("P-Asserted-Identity");
        Decision.Forward withheld = fromCarrier("+17066041487", CARRIER_PAI, "Privacy: id");
        assertThat(withheld.removeHeaders()).contains("P-Asserted-Identity", "Remote-Party-ID");
        assertThat(fromCarrier("+17066041487", CARRIER_PAI, "Privacy: header;id").removeHeaders()).contains("P-Asserted-Identity");
        assertThat(added(withheld, "P-Asserted-Identity")).isEmpty();
    }

    @Test
    void aTrunksAssertionReachesAPeerEvenWhenPrivate() {
        Decision.Forward f = fromCarrier("+17066040000", CARRIER_PAI, "Privacy: id");
        assertThat(f.removeHeaders()).doesNotContain("P-Asserted-Identity");
    }

    @Test
    void aPeersAssertionReachesAnAgentUnlessThePrivacyOfTheIdentityIsAsked() {
        assertThat(fromPeer("1003", CARRIER_PAI).removeHeaders()).doesNotContain("P-Asserted-Identity");
        assertThat(fromPeer("1003", CARRIER_PAI, "Privacy: id").removeHeaders()).contains("P-Asserted-Identity");
    }

    @Test
    void inDialogRequestsLoseEveryIdentityHeaderWhicheverLegSendsThem() {
        String ruri = "sip:+14045550000@carrier.test";
        MessageContext bye = Requests.request("INVITE", ruri, "sip:1001@sip.test", "sip:+14045550000@carrier.test", PHONE,
            "P-Asserted-Identity: <sip:ceo@sip.test>", "Remote-Party-ID: <sip:ceo@sip.test>");
        SipRequest withTag = bye.request().edit().set("To", "<sip:+14045550000@carrier.test>;tag=t1").build();
        MessageContext inDialog = new MessageContext(bye.edgePortRef(), withTag, bye.transport(), bye.sourceHost(), bye.sourcePort(),
            bye.listeningPoint(), bye.listeningPoints(), bye.externalAddrs(), bye.localnets(), true);
        Decision.Forward f = forward(inDialog);
        assertAgentsIdentityHeadersRemoved(f);
        assertThat(f.headers()).isEmpty();
    }
}
