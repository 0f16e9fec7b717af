package io.tandem.connect.it;

import static io.tandem.connect.it.TrunkWorld.AGENT;
import static io.tandem.connect.it.TrunkWorld.CARRIER_HOST;
import static io.tandem.connect.it.TrunkWorld.DOMAIN;
import static io.tandem.connect.it.TrunkWorld.PASSWORD;
import static io.tandem.connect.it.TrunkWorld.carrierRejected;
import static io.tandem.connect.it.TrunkWorld.fromUser;
import static io.tandem.connect.it.TrunkWorld.invites;
import static io.tandem.connect.it.TrunkWorld.ruri;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connect.ConnectSettings;
import io.tandem.connect.NumberingPlan;
import io.tandem.location.MemoryLocationService;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Numbering plans end to end (Tandem's {@code numbering} extension): the Trunk's
 * {@code spec.inbound.numbering} reads the DIDs its carrier sends, the Domain's
 * {@code spec.context.numbering} the numbers its Agents dial. The server's own plan is France's
 * here (+33, 9-digit national numbers), under which none of the numbers below would route: the
 * calls that succeed show that each resource's plan was used.
 */
class NumberingPlanCallsTest extends ConnectFixture {
    private static final NumberingPlan FRANCE = new NumberingPlan("33", List.of("00"), "0", 9);
    /** Agent 1001's DID on the carrier's trunk. */
    private static final String DID = "+17066041487";
    /** The caller ID of the London office's egress policy. */
    private static final String CALLER_ID = "+442071234567";

    @AfterEach
    void closeRelays() {
        TrunkDigestRelay.closeAll();
    }

    /**
     * Domain sip.local (the London office: UK plan, {@code ^\+44} out through the trunk with caller
     * ID {@value #CALLER_ID}), its Agent 1001, and trunk-carrier (inbound {@value TrunkWorld#CARRIER_HOST}
     * with a North American plan that knows only 011 as international prefix; outbound to the
     * carrier's SIPp on 127.0.0.1:{@code carrierPort}, which is also where its calls may come from).
     */
    private void world(int carrierPort) throws Exception {
        resource("numbering.yaml", """
            - {apiVersion: v2beta1, kind: Domain, ref: dom-london, metadata: {name: London office}, spec: {context: {
                domainUri: %s, egressPolicies: [{rule: '^\\+44', numberRef: num-caller-id}],
                numbering: {countryCode: "44", internationalPrefixes: ["00"], nationalPrefix: "0", nationalNumberLength: 10}}}}
            - {apiVersion: v2beta1, kind: Credentials, ref: cred-1001, metadata: {name: Agent 1001},
                spec: {credentials: {username: "%s", password: "%s"}}}
            - {apiVersion: v2beta1, kind: Agent, ref: agent-1001, metadata: {name: Agent 1001},
                spec: {username: "%s", domainRef: dom-london, credentialsRef: cred-1001}}
            - {apiVersion: v2beta1, kind: Trunk, ref: trunk-carrier, metadata: {name: Carrier}, spec: {
                inbound: {uri: %s,
                  numbering: {countryCode: "1", internationalPrefixes: ["011"], nationalPrefix: "1", nationalNumberLength: 10}},
                outbound: {uris: [{uri: {host: 127.0.0.1, port: %d, transport: udp}}]}}}
            - {apiVersion: v2beta1, kind: Number, ref: num-did, metadata: {name: DID},
                spec: {trunkRef: trunk-carrier, location: {telUrl: "tel:%s", aorLink: "sip:%s@%s"}}}
            - {apiVersion: v2beta1, kind: Number, ref: num-caller-id, metadata: {name: Caller ID},
                spec: {trunkRef: trunk-carrier, location: {telUrl: "tel:%s"}}}
            """.formatted(DOMAIN, AGENT, PASSWORD, AGENT, CARRIER_HOST, carrierPort, DID, AGENT, DOMAIN, CALLER_ID));
        start(new MemoryLocationService(), new ConnectSettings(60, 3600, 3600, 300_000, FRANCE));
    }

    @Test
    void everyFormOfTheDidInTheTrunksPlanReachesTheAgent() throws Exception {
        world(Ports.free());
        int agentPort = Ports.free();
        // E.164; the 011 international prefix; country code + national number; national number
        List<String> dialed = List.of(DID, "01117066041487", "17066041487", "7066041487");
        List<SipRequest> invites = TrunkWorld.carrierCallsToAgent(this, agentPort, dialed);
        for (int i = 0; i < dialed.size(); i++) {
            SipRequest invite = invites.get(i);
            // the Contact the Agent's SIPp registered (RFC 3261 §16.5)
            assertThat(invite.requestUriText()).isEqualTo("sip:" + AGENT + "@127.0.0.1:" + agentPort + ";transport=UDP");
            assertThat(((SipUri) invite.to().uri()).userDecoded()).as("To keeps the digits as dialed").isEqualTo(dialed.get(i));
        }
    }

    @Test
    void aPrefixTheTrunksPlanDoesNotKnowIsNotFound() throws Exception {
        // 00 is an international prefix of the server's plan but not of the trunk's: +0017066041487
        world(Ports.free());
        carrierRejected(this, "0017066041487", CARRIER_HOST, 404).start().assertSuccess();
    }

    @Test
    void aNationalNumberDialedByAnAgentLeavesInE164ThroughTheEgressPolicy() throws Exception {
        int carrierPort = Ports.free();
        world(carrierPort);
        int agentPort = Ports.free();
        TrunkWorld.registerAgent(this, agentPort);
        String expected = "sip:+442079460000@127.0.0.1:" + carrierPort + ";transport=udp";
        // the carrier's SIPp fails the call unless the request line carries exactly this Request-URI
        List<String> dialed = List.of("02079460000", "2079460000"); // with the national prefix 0, and without
        Sipp.Run carrier = sipp.uas("pstn-uas-check-ruri.xml", carrierPort).calls(dialed.size()).set("RURI", ere(expected)).start();
        for (String d : dialed) {
            sipp.uac("pstn-agent-call.xml", agentPort, TrunkWorld.agentRemote(this, agentPort)).service(d)
                .set("USER", AGENT).set("PASSWORD", PASSWORD).set("DOMAIN", DOMAIN).start().assertSuccess();
        }
        carrier.assertSuccess();

        List<SipRequest> invites = invites(carrier);
        assertThat(invites).hasSize(dialed.size());
        for (int i = 0; i < dialed.size(); i++) {
            SipRequest invite = invites.get(i);
            assertThat(invite.requestUriText()).isEqualTo(expected);
            assertThat(ruri(invite).userDecoded()).isEqualTo("+442079460000");
            assertThat(fromUser(invite)).as("the caller ID of the egress policy").isEqualTo(CALLER_ID);
            assertThat(invite.headers("P-Asserted-Identity")).containsExactly("<sip:" + CALLER_ID + "@127.0.0.1>");
            assertThat(((SipUri) invite.to().uri()).userDecoded()).as("To keeps the digits as dialed").isEqualTo(dialed.get(i));
        }
    }

    /** {@code literal} as a POSIX extended regular expression matching exactly it. */
    private static String ere(String literal) {
        return literal.replaceAll("[\\\\.\\[\\]{}()*+?^$|]", "\\\\$0");
    }
}
