package io.tandem.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.location.MemoryLocationService;
import io.tandem.processor.Transport;
import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls between Agents of one Domain through the EdgePort and Connect: the caller (SIPp, 1001)
 * authenticates its INVITE with MD5 after a 407, Connect finds the callee's (1002) bindings and
 * the EdgePort forwards to them.
 *
 * <p>The callee registers before its SIPp starts. One SIPp scenario cannot register and then take
 * the call: a SIPp started as a client hands requests of other calls (the INVITE has another
 * Call-ID than its REGISTER) to its out-of-call scenario, not to the running one, and choosing
 * that scenario ({@code -oocsf}) or the Call-ID ({@code -cid_str}) takes options the testkit's
 * launcher does not pass. So the test registers the callee's port with the hand-written client
 * ({@link RegClient}, from that very port, so that the binding's observed source is where the SIPp
 * callee then listens), closes it, and starts the SIPp callee on it.
 */
class AgentCallTest extends ConnectFixture {
    private static final String CALLER = "1001";
    private static final String CALLEE = "1002";

    @BeforeEach
    void startConnect() throws Exception {
        RegWorld.write(this);
        start(new MemoryLocationService(), RegistrarCases.MD5_ONLY);
    }

    /** Registers {@code user} from 127.0.0.1:{@code port} with {@code contactUri}. */
    private void register(String user, String password, int port, String contactUri) throws IOException {
        try (RegClient c = RegClient.udp(address(Transport.UDP), port)) {
            SipResponse ok = c.registerWithDigest(user, password, contactUri, 600);
            assertThat(ok.status()).as("registration of %s", user).isEqualTo(200);
        }
    }

    /** Registers the callee from {@code port} with {@code contactUri}, then starts its SIPp there. */
    private Sipp.Run callee(String scenario, int port, String contactUri) throws IOException {
        register(CALLEE, RegWorld.PASSWORD_1002, port, contactUri);
        return sipp.uas(scenario, port).set("CALLEE", CALLEE).start();
    }

    private Sipp.Builder caller(String scenario, int port, String dialed) {
        return sipp.uac(scenario, port, address(Transport.UDP))
            .set("USER", CALLER).set("PASSWORD", RegWorld.PASSWORD_1001).set("DOMAIN", RegWorld.DOMAIN)
            .set("CALLEE", dialed);
    }

    private static List<Integer> statuses(Sipp.Run run) {
        return run.receivedResponses().stream().map(SipResponse::status).distinct().toList();
    }

    /** The 407 the caller got: Proxy-Authenticate for the domain's realm, MD5, qop=auth. */
    private static void assertProxyChallenge(Sipp.Run caller) {
        SipResponse challenge = caller.receivedResponses().stream().filter(r -> r.status() == 407).findFirst()
            .orElseThrow(() -> new AssertionError("no 407\n" + caller.describe()));
        assertThat(challenge.headers("WWW-Authenticate")).isEmpty();
        List<String> values = challenge.headers("Proxy-Authenticate");
        assertThat(values).hasSize(1);
        DigestChallenge ch = DigestChallenge.parse(values.get(0));
        assertThat(ch.realm()).isEqualTo(RegWorld.DOMAIN);
        assertThat(ch.algorithmName()).isEqualTo("MD5");
        assertThat(ch.qop()).containsExactly("auth");
        assertThat(ch.stale()).isFalse();
    }

    private static SipRequest onlyInvite(Sipp.Run callee) {
        List<SipRequest> invites = callee.received("INVITE");
        assertThat(invites).as("INVITEs the callee got").isNotEmpty();
        return invites.get(0);
    }

    @Test
    void registeredAgentsCallEachOtherAndTheCallerHangsUp() throws Exception {
        int calleePort = Ports.free();
        int callerPort = Ports.free();
        register(CALLER, RegWorld.PASSWORD_1001, callerPort, "sip:1001@127.0.0.1:" + callerPort);
        Sipp.Run uas = callee("call-uas.xml", calleePort, "sip:1002@127.0.0.1:" + calleePort);
        Sipp.Run uac = caller("call-uac.xml", callerPort, CALLEE).start();
        uac.assertSuccess();
        uas.assertSuccess();

        assertProxyChallenge(uac);
        assertThat(statuses(uac)).contains(407, 200).doesNotContain(401, 480, 404);
        SipRequest invite = onlyInvite(uas);
        // the Request-URI is the registered Contact; the proxy stays in the path
        assertThat(invite.requestUri().toString()).isEqualTo("sip:1002@127.0.0.1:" + calleePort);
        assertThat(invite.recordRoutes()).isNotEmpty();
        assertThat(invite.vias()).hasSize(2);
        // the credentials were for this proxy's realm: they are not passed on to the callee
        assertThat(invite.headers("Proxy-Authorization")).isEmpty();
        assertThat(uas.received("BYE")).isNotEmpty();
    }

    @Test
    void aCallDialedToTheServersAddressReachesTheAgentOfTheOnlyDomain() throws Exception {
        int calleePort = Ports.free();
        Sipp.Run uas = callee("call-uas.xml", calleePort, "sip:1002@127.0.0.1:" + calleePort);
        // Request-URI, From and To in the server's address instead of the domain name
        String own = "127.0.0.1:" + address(Transport.UDP).getPort();
        Sipp.Run uac = caller("call-uac.xml", Ports.free(), CALLEE).set("DOMAIN", own).start();
        uac.assertSuccess();
        uas.assertSuccess();
        // challenged in the Domain's realm, routed to the Domain's agent
        SipResponse challenge = uac.receivedResponses().stream().filter(r -> r.status() == 407).findFirst().orElseThrow();
        assertThat(DigestChallenge.parse(challenge.header("Proxy-Authenticate")).realm()).isEqualTo(RegWorld.DOMAIN);
        assertThat(onlyInvite(uas).requestUri().toString()).isEqualTo("sip:1002@127.0.0.1:" + calleePort);
    }

    @Test
    void theCalleeHangsUp() throws Exception {
        int calleePort = Ports.free();
        int callerPort = Ports.free();
        register(CALLER, RegWorld.PASSWORD_1001, callerPort, "sip:1001@127.0.0.1:" + callerPort);
        Sipp.Run uas = callee("call-uas-callee-bye.xml", calleePort, "sip:1002@127.0.0.1:" + calleePort);
        Sipp.Run uac = caller("call-uac-callee-bye.xml", callerPort, CALLEE).start();
        uac.assertSuccess();
        uas.assertSuccess();
        assertProxyChallenge(uac);
        // the callee's BYE reached the caller through the proxy (Record-Route) without a challenge
        List<SipRequest> byes = uac.received("BYE");
        assertThat(byes).isNotEmpty();
        assertThat(byes.get(0).requestUri().toString()).startsWith("sip:1001@127.0.0.1:" + callerPort);
        assertThat(byes.get(0).vias()).hasSize(2);
        assertThat(uas.receivedResponses()).extracting(SipResponse::status).doesNotContain(407, 401);
    }

    @Test
    void aCalleeBehindNatIsReachedAtItsObservedAddress() throws Exception {
        int calleePort = Ports.free();
        // the Contact names a private address nobody here listens on; the REGISTER came from 127.0.0.1:calleePort
        String privateContact = "sip:1002@10.9.9.9:5062";
        Sipp.Run uas = callee("call-uas.xml", calleePort, privateContact);
        Sipp.Run uac = caller("call-uac.xml", Ports.free(), CALLEE).start();
        uac.assertSuccess();
        uas.assertSuccess();
        SipRequest invite = onlyInvite(uas);
        // it reached the SIPp callee at 127.0.0.1:calleePort, and the Request-URI is the Contact as registered
        assertThat(invite.requestUri().toString()).isEqualTo(privateContact);
    }

    @Test
    void aCalleeRegisteredOverTcpIsReachedOverItsOwnConnection() throws Exception {
        try (RegClient tcp = RegClient.tcp(address(Transport.TCP))) {
            // nobody listens on the Contact's port: only the connection of the REGISTER reaches the callee
            String contact = "sip:1002@10.9.9.9:5062;transport=tcp";
            assertThat(tcp.registerWithDigest(CALLEE, RegWorld.PASSWORD_1002, contact, 600).status()).isEqualTo(200);
            Sipp.Run uac = caller("call-uac-rejected.xml", Ports.free(), CALLEE).set("STATUS", 486).start();
            SipRequest invite = tcp.receiveRequest();
            assertThat(invite.method().name()).isEqualTo("INVITE");
            assertThat(invite.requestUri().toString()).isEqualTo(contact);
            assertThat(invite.topVia().transport()).isEqualToIgnoringCase("TCP");
            tcp.respond(invite, 180, "Ringing", "tcp-callee");
            tcp.respond(invite, 486, "Busy Here", "tcp-callee");
            // the proxy ACKs the 486 hop by hop, over the same connection
            SipRequest ack = tcp.receiveRequest();
            assertThat(ack.method().name()).isEqualTo("ACK");
            uac.assertSuccess();
            assertThat(statuses(uac)).contains(407, 180, 486);
        }
    }

    @Test
    void theCallerCancels() throws Exception {
        int calleePort = Ports.free();
        Sipp.Run uas = callee("call-uas-cancelled.xml", calleePort, "sip:1002@127.0.0.1:" + calleePort);
        Sipp.Run uac = caller("call-uac-cancel.xml", Ports.free(), CALLEE).start();
        uac.assertSuccess();
        uas.assertSuccess();
        assertThat(statuses(uac)).contains(407, 180, 487);
        assertThat(uas.received("CANCEL")).hasSize(1);
        assertThat(uas.received("ACK")).isNotEmpty();
    }

    @Test
    void theCalleesDeclineReachesTheCaller() throws Exception {
        int calleePort = Ports.free();
        Sipp.Run uas = callee("call-uas-decline.xml", calleePort, "sip:1002@127.0.0.1:" + calleePort);
        Sipp.Run uac = caller("call-uac-rejected.xml", Ports.free(), CALLEE).set("STATUS", 603).start();
        uac.assertSuccess();
        uas.assertSuccess();
        assertProxyChallenge(uac);
        assertThat(statuses(uac)).contains(407, 603);
    }

    @Test
    void anAgentWithoutBindingsIsTemporarilyUnavailable() throws Exception {
        Sipp.Run uac = caller("call-uac-rejected.xml", Ports.free(), CALLEE).set("STATUS", 480).start();
        uac.assertSuccess();
        assertProxyChallenge(uac);
        assertThat(statuses(uac)).contains(407, 480).doesNotContain(404);
    }

    @Test
    void anUnknownUserIsNotFound() throws Exception {
        Sipp.Run uac = caller("call-uac-rejected.xml", Ports.free(), "9999").set("STATUS", 404).start();
        uac.assertSuccess();
        assertProxyChallenge(uac);
        assertThat(statuses(uac)).contains(407, 404).doesNotContain(480);
    }
}
