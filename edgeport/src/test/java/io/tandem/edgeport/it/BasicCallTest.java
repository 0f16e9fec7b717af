package io.tandem.edgeport.it;

import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import io.tandem.testkit.TlsRelay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.processor.Transport;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calls through the EdgePort (RFC 3261 §16): SIPp callers and callees that follow the route set
 * the proxy records, over UDP, TCP, TLS and across transports, hung up by either side.
 */
class BasicCallTest extends EdgePortFixture {

    @Test
    void callOverUdp() throws Exception {
        start(RFC, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        Sipp.Run callee = sipp.uas("uas_call.xml", calleePort).calls(3).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.UDP)).calls(3).start();
        caller.assertSuccess();
        callee.assertSuccess();

        int edgePort = edgeAddress(Transport.UDP).getPort();
        List<SipRequest> invites = callee.received("INVITE");
        assertThat(invites).isNotEmpty();
        for (SipRequest invite : invites) {
            // one transport, one interface: a single Record-Route, no flow token for UDP (§16.6 step 4)
            assertThat(invite.recordRoutes()).hasSize(1);
            SipUri rr = (SipUri) invite.recordRoutes().get(0).uri();
            assertThat(rr.host()).isEqualTo("127.0.0.1");
            assertThat(rr.port()).isEqualTo(edgePort);
            assertThat(rr.lr()).isTrue();
            assertThat(rr.user()).isNull();
            assertThat(invite.maxForwards()).isEqualTo(69);
            assertThat(invite.vias()).hasSize(2);
        }
        // ACK and BYE followed the route set: our Route entry is consumed (§16.4), none reaches the callee
        assertThat(callee.received("ACK")).isNotEmpty().allSatisfy(a -> assertThat(a.routes()).isEmpty());
        assertThat(callee.received("BYE")).isNotEmpty().allSatisfy(b -> assertThat(b.routes()).isEmpty());
        assertThat(edge.stats().rejected.sum()).isZero();
        assertThat(edge.stats().droppedAcks.sum()).isZero();
        assertThat(edge.stats().droppedResponses.sum()).isZero();
    }

    @Test
    void fiftyCallsAtFiftyPerSecondOverUdp() throws Exception {
        start(RFC, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        Sipp.Run callee = sipp.uas("uas_call.xml", calleePort).calls(50).set("RING_MS", 100).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.UDP)).calls(50).rate(50).start();
        caller.assertSuccess();
        callee.assertSuccess();
        // every call's INVITE and BYE forwarded statefully once; its ACK statelessly; nothing dropped
        assertThat(callee.received("INVITE").stream().map(SipRequest::callId).distinct()).hasSize(50);
        assertThat(callee.received("ACK").stream().map(SipRequest::callId).distinct()).hasSize(50);
        assertThat(edge.stats().forwarded.sum()).isEqualTo(100);
        assertThat(edge.stats().droppedAcks.sum() + edge.stats().droppedResponses.sum() + edge.stats().internalErrors.sum()).isZero();
    }

    @Test
    void callOverTcp() throws Exception {
        start(FAST, Transport.TCP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.TCP));
        Sipp.Run callee = sipp.uas("uas_call.xml", calleePort).transport(Transport.TCP).calls(3).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.TCP)).transport(Transport.TCP)
            .calls(3).start();
        caller.assertSuccess();
        callee.assertSuccess();

        // The caller came over a connection: two entries, each with the flow token of its side's
        // connection (the top one faces the callee), so in-dialog requests go back over them.
        SipRequest invite = callee.received("INVITE").get(0);
        assertFlowTokenPair(invite, Transport.TCP, edgeAddress(Transport.TCP).getPort(), calleePort);
        // stream transports: no retransmissions in either direction (§17.1.1.2)
        assertThat(callee.received("INVITE")).hasSize(3);
        assertThat(callee.received("BYE")).hasSize(3);
        assertThat(edge.transportStats().messagesIn(Transport.UDP)).isZero();
        assertThat(edge.stats().droppedAcks.sum()).isZero();
        // nothing leaks: over TCP every transaction ends within 64·T1 (timers L and M; D, J, K are 0)
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.transactionCount() == 0);
    }

    @Test
    void callOverTls() throws Exception {
        TestTls tls = new TestTls(dir);
        start(RFC, tls.securityContext(), Transport.TLS);
        int calleePort = Ports.free();
        int calleeTlsPort = Ports.free();
        int callerRelayPort = Ports.free();
        // SIPp (TCP) <-> relay <-TLS-> EdgePort <-TLS-> relay <-> SIPp (TCP)
        TlsRelay toCallee = closeAfter(TlsRelay.tlsToPlain(calleeTlsPort, tls.serverContext(),
            new InetSocketAddress("127.0.0.1", calleePort)));
        TlsRelay fromCaller = closeAfter(TlsRelay.plainToTls(callerRelayPort, edgeAddress(Transport.TLS), tls.clientContext()));
        routes.route("bob", uri("bob", calleeTlsPort, Transport.TLS));
        Sipp.Run callee = sipp.uas("uas_call.xml", calleePort).transport(Transport.TCP).calls(2).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), new InetSocketAddress("127.0.0.1", callerRelayPort))
            .transport(Transport.TCP).calls(2).start();
        caller.assertSuccess();
        callee.assertSuccess();

        SipRequest invite = callee.received("INVITE").get(0);
        assertFlowTokenPair(invite, Transport.TLS, edgeAddress(Transport.TLS).getPort(), calleeTlsPort);
        assertThat(invite.topVia().transport()).isEqualToIgnoringCase("TLS");
        // one TLS connection each way, reused by every call and in-dialog request (RFC 5923)
        assertThat(toCallee.accepted()).isEqualTo(1);
        assertThat(fromCaller.accepted()).isEqualTo(1);
        assertThat(edge.transportStats().messagesIn(Transport.TLS)).isGreaterThanOrEqualTo(10);
    }

    /** Two Record-Route entries for our listener on {@code t}; the top one's flow token names the callee's connection. */
    private static void assertFlowTokenPair(SipRequest invite, Transport t, int edgePort, int calleePort) {
        String token = "f-" + t.name().toLowerCase(java.util.Locale.ROOT) + "-7f000001-";
        assertThat(invite.recordRoutes()).hasSize(2).allSatisfy(na -> {
            SipUri rr = (SipUri) na.uri();
            assertThat(rr.port()).isEqualTo(edgePort);
            assertThat(rr.transport()).isEqualToIgnoringCase(t.name());
            assertThat(rr.lr()).isTrue();
            assertThat(rr.user()).startsWith(token);
        });
        assertThat(((SipUri) invite.recordRoutes().get(0).uri()).user()).isEqualTo(token + calleePort);
        assertThat(((SipUri) invite.recordRoutes().get(1).uri()).user()).isNotEqualTo(token + calleePort);
    }

    @Test
    void callerOnTcpCalleeOnUdpIsRecordRoutedTwice() throws Exception {
        start(RFC, Transport.UDP, Transport.TCP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        Sipp.Run callee = sipp.uas("uas_call.xml", calleePort).start();
        Sipp.Run caller = sipp.uac("uac_call.xml", Ports.free(), edgeAddress(Transport.TCP)).transport(Transport.TCP).start();
        caller.assertSuccess();
        callee.assertSuccess();

        // RFC 5658 §4: the top entry faces the callee (UDP), the lower one the caller (TCP)
        SipRequest invite = callee.received("INVITE").get(0);
        assertThat(invite.recordRoutes()).hasSize(2);
        SipUri top = (SipUri) invite.recordRoutes().get(0).uri();
        SipUri bottom = (SipUri) invite.recordRoutes().get(1).uri();
        assertThat(top.port()).isEqualTo(edgeAddress(Transport.UDP).getPort());
        assertThat(top.transport()).isNull();
        assertThat(bottom.port()).isEqualTo(edgeAddress(Transport.TCP).getPort());
        assertThat(bottom.transport()).isEqualToIgnoringCase("tcp");
        assertThat(invite.topVia().transport()).isEqualToIgnoringCase("UDP");
        // the caller sees the same two entries in the 200
        SipResponse ok = caller.receivedResponses().stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        assertThat(ok.recordRoutes()).extracting(NameAddress::toString)
            .containsExactlyElementsOf(invite.recordRoutes().stream().map(NameAddress::toString).toList());
        // both entries are ours: the ACK and BYE reach the callee with no Route left
        assertThat(callee.received("ACK")).hasSize(1).allSatisfy(a -> assertThat(a.routes()).isEmpty());
        assertThat(callee.received("BYE")).hasSize(1).allSatisfy(b -> assertThat(b.routes()).isEmpty());
    }

    @Test
    void calleeHangsUpOverUdp() throws Exception {
        start(RFC, Transport.UDP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.UDP));
        Sipp.Run callee = sipp.uas("uas_callee_bye.xml", calleePort).start();
        Sipp.Run caller = sipp.uac("uac_callee_bye.xml", Ports.free(), edgeAddress(Transport.UDP)).start();
        callee.assertSuccess();
        caller.assertSuccess();
        SipRequest bye = caller.received("BYE").get(0);
        assertThat(bye.routes()).isEmpty();
        assertThat(bye.vias()).hasSize(2);
    }

    @Test
    void calleeHangsUpOverTcpToCallerBehindNat() throws Exception {
        start(RFC, Transport.TCP);
        int calleePort = Ports.free();
        routes.route("bob", uri("bob", calleePort, Transport.TCP));
        Sipp.Run callee = sipp.uas("uas_callee_bye.xml", calleePort).transport(Transport.TCP).start();
        // The caller's Contact names a port nobody listens on, as a client behind NAT would:
        // the callee's BYE can only reach it over the caller's own connection (flow token).
        Sipp.Run caller = sipp.uac("uac_callee_bye.xml", Ports.free(), edgeAddress(Transport.TCP)).transport(Transport.TCP)
            .set("CONTACT_PORT", Ports.free()).start();
        callee.assertSuccess();
        caller.assertSuccess();
        assertThat(caller.received("BYE")).hasSize(1);
    }
}
