package io.tandem.edgeport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.edgeport.config.SecurityContext;
import io.tandem.edgeport.config.TransportSpec;
import io.tandem.edgeport.dns.NumericResolver;
import io.tandem.processor.Decision;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Calls from a WebSocket client (RFC 7118) through the EdgePort to a SIPp UAS on UDP. The client
 * is written here on {@link java.net.http.WebSocket}: it sends the INVITE, builds the route set
 * from the 200's Record-Route (RFC 3261 §12.1.2: reversed; Request-URI = the UAS's Contact) and
 * sends the ACK and the BYE along it. The EdgePort must record-route twice, because the request
 * changes transport (WS/WSS in, UDP out: RFC 5658), and put a flow token in the entry facing the
 * client so that a BYE from the UAS finds the client's WebSocket connection again.
 */
class WebSocketCallTest {
    @TempDir
    static Path dir;
    static WsCertificates certs;
    static EdgePort edgePort;
    static ExecutorService blocking;
    /** Where the test Processor sends new (out-of-dialog) requests: the current SIPp UAS. */
    static volatile SipUri uas;

    @BeforeAll
    static void start() throws Exception {
        certs = new WsCertificates(dir);
        EdgePortConfig cfg = EdgePortConfig.of(List.of(
                new TransportSpec(Transport.WS, "127.0.0.1", 0),
                new TransportSpec(Transport.WSS, "127.0.0.1", 0),
                new TransportSpec(Transport.UDP, "127.0.0.1", 0)))
            .withSecurityContext(SecurityContext.pkcs12(certs.keyStore, WsCertificates.PASSWORD));
        blocking = Executors.newVirtualThreadPerTaskExecutor();
        // A location-service-like Processor: new requests go to the UAS, in-dialog ones to their Request-URI.
        edgePort = new EdgePort(cfg, ctx -> {
            SipRequest r = ctx.request();
            Target t = r.to().tag() == null ? Target.of(uas) : Target.of(r.requestUri());
            return CompletableFuture.completedFuture(Decision.forward(t));
        }, new NumericResolver(blocking), 2);
        edgePort.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (edgePort != null) {
            edgePort.close();
        }
        if (blocking != null) {
            blocking.shutdownNow();
        }
    }

    static ListeningPoint point(Transport t) {
        return edgePort.listeningPoints().stream().filter(lp -> lp.transport() == t).findFirst().orElseThrow();
    }

    static WsSipClient connect(Transport t) throws Exception {
        HttpClient http = t == Transport.WSS
            ? HttpClient.newBuilder().sslContext(certs.clientContext()).build()
            : HttpClient.newHttpClient();
        String scheme = t == Transport.WSS ? "wss" : "ws";
        return WsSipClient.connect(http, URI.create(scheme + "://127.0.0.1:" + point(t).port() + "/"));
    }

    /** The caller's side of one dialog. */
    static final class Caller {
        final Transport transport;
        final String viaHost = "c" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + ".invalid";
        final String callId = "ws-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        final String from = "<sip:alice@example.invalid>;tag=" + fromTag;
        final String contact;
        String to = "<sip:bob@example.invalid>";
        SipUri remoteTarget;
        List<NameAddress> routeSet = List.of();

        Caller(Transport transport) {
            this.transport = transport;
            this.contact = "<sip:alice@" + viaHost + ";transport=" + transport.uriParam() + ">";
        }

        String via(String branch) {
            return "Via: SIP/2.0/" + transport.viaToken() + " " + viaHost + ";branch=" + branch + ";rport";
        }

        static String branch() {
            return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        }

        String invite(String branch) {
            return SipText.message("INVITE sip:bob@example.invalid SIP/2.0", List.of(
                via(branch),
                "Max-Forwards: 70",
                "From: " + from,
                "To: " + to,
                "Call-ID: " + callId,
                "CSeq: 1 INVITE",
                "Contact: " + contact,
                "Content-Type: application/sdp"), SipText.sdp(callId.substring(3, 9)));
        }

        /** A request inside the dialog (§12.2.1.1): Request-URI the remote target, Route the route set. */
        String inDialog(String method, long cseq) {
            List<String> h = new ArrayList<>();
            h.add(via(branch()));
            for (NameAddress r : routeSet) {
                h.add("Route: " + r);
            }
            h.addAll(List.of("Max-Forwards: 70", "From: " + from, "To: " + to, "Call-ID: " + callId,
                "CSeq: " + cseq + " " + method));
            return SipText.message(method + " " + remoteTarget + " SIP/2.0", h, "");
        }

        /** The UAC's dialog state from a 2xx (§12.1.2). */
        void established(SipResponse ok) {
            to = ok.header("To");
            remoteTarget = (SipUri) ok.contacts().get(0).uri();
            List<NameAddress> rr = new ArrayList<>(ok.recordRoutes());
            Collections.reverse(rr);
            routeSet = rr;
        }
    }

    /**
     * Sends the INVITE, checks 100/180/200 and the double Record-Route, sends the ACK along the
     * route set; returns the 200.
     */
    private static SipResponse setUp(WsSipClient client, Caller caller, Sipp sipp) throws Exception {
        String branch = Caller.branch();
        client.send(caller.invite(branch));

        SipResponse trying = client.response("INVITE", 100);
        assertThat(trying.callId()).isEqualTo(caller.callId);
        assertThat(trying.vias()).hasSize(1);
        assertThat(trying.topVia().branch()).isEqualTo(branch);

        SipResponse ringing = client.response("INVITE", 180);
        assertThat(ringing.to().tag()).isNotNull();

        SipResponse ok = client.response("INVITE", 200);
        assertThat(ok.callId()).isEqualTo(caller.callId);
        // Only the client's Via is left, stamped with what the EdgePort saw (RFC 3261 §18.2.1, RFC 3581).
        assertThat(ok.vias()).hasSize(1);
        Via v = ok.topVia();
        assertThat(v.branch()).isEqualTo(branch);
        assertThat(v.host()).isEqualTo(caller.viaHost);
        assertThat(v.received()).isEqualTo("127.0.0.1");
        assertThat(v.rport()).isPositive();
        assertThat(ok.to().tag()).isNotNull().isEqualTo(ringing.to().tag());
        assertThat(ok.contacts()).hasSize(1);
        assertThat(((SipUri) ok.contacts().get(0).uri()).port()).isEqualTo(sipp.port);

        // Record-Route: two entries of the EdgePort. Top: toward the UAS (UDP); bottom: toward this
        // client (ws/wss), with a flow token naming the client's connection (RFC 5658 §4).
        List<NameAddress> rr = ok.recordRoutes();
        assertThat(rr).as("Record-Route of the 200: %s", ok.headers("Record-Route")).hasSize(2);
        SipUri towardUas = (SipUri) rr.get(0).uri();
        SipUri towardClient = (SipUri) rr.get(1).uri();
        assertThat(towardUas.host()).isEqualTo("127.0.0.1");
        assertThat(towardUas.port()).isEqualTo(point(Transport.UDP).advertisedPort());
        assertThat(towardUas.transport() == null || towardUas.transport().equalsIgnoreCase("udp"))
            .as("transport of %s", towardUas).isTrue();
        assertThat(towardUas.lr()).isTrue();
        assertThat(towardClient.host()).isEqualTo("127.0.0.1");
        assertThat(towardClient.port()).isEqualTo(point(caller.transport).advertisedPort());
        assertThat(towardClient.transport()).isEqualToIgnoringCase(caller.transport.uriParam());
        assertThat(towardClient.lr()).isTrue();
        assertThat(towardClient.user()).as("flow token in %s", towardClient)
            .startsWith("f-" + caller.transport.uriParam() + "-");

        caller.established(ok);
        assertThat(caller.routeSet.get(0).uri()).isEqualTo(towardClient);
        client.send(caller.inDialog("ACK", 1));
        return ok;
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "WSS"})
    void callerHangsUp(Transport t) throws Exception {
        long droppedAcks = edgePort.stats().droppedAcks.sum();
        try (Sipp sipp = Sipp.uas(dir, "callee-" + t, "-sf", scenario("uas_callee.xml"));
             WsSipClient client = connect(t)) {
            uas = SipUri.parse("sip:service@127.0.0.1:" + sipp.port);
            Caller caller = new Caller(t);
            setUp(client, caller, sipp);

            client.send(caller.inDialog("BYE", 2));
            SipResponse byeOk = client.response("BYE", 200);
            assertThat(byeOk.callId()).isEqualTo(caller.callId);
            assertThat(byeOk.vias()).hasSize(1);

            int exit = sipp.awaitExit(Duration.ofSeconds(15));
            assertThat(exit).as("SIPp exit code%n%s", sipp.report()).isZero();
        }
        assertThat(edgePort.stats().droppedAcks.sum()).as("ACKs dropped").isEqualTo(droppedAcks);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "WSS"})
    void calleeHangsUpAndTheByeComesBackOverTheWebSocket(Transport t) throws Exception {
        try (Sipp sipp = Sipp.uas(dir, "hangup-" + t, "-sf", scenario("uas_hangs_up.xml"));
             WsSipClient client = connect(t)) {
            uas = SipUri.parse("sip:service@127.0.0.1:" + sipp.port);
            Caller caller = new Caller(t);
            SipResponse ok = setUp(client, caller, sipp);

            SipRequest bye = client.request("BYE");
            assertThat(bye.callId()).isEqualTo(caller.callId);
            // Request-URI: our Contact (the UAS's remote target); the EdgePort consumed both of its Route entries.
            SipUri ruri = (SipUri) bye.requestUri();
            assertThat(ruri.user()).isEqualTo("alice");
            assertThat(ruri.host()).isEqualTo(caller.viaHost);
            assertThat(bye.routes()).as("Route left in %s", bye).isEmpty();
            assertThat(bye.to().tag()).isEqualTo(caller.fromTag);
            assertThat(bye.from().tag()).isEqualTo(ok.to().tag());
            Via top = bye.topVia();
            assertThat(top.transport()).isEqualToIgnoringCase(t.viaToken());
            assertThat(top.port()).isEqualTo(point(t).advertisedPort());
            assertThat(bye.vias()).hasSize(2);

            List<String> h = new ArrayList<>();
            for (String via : bye.headers("Via")) {
                h.add("Via: " + via);
            }
            h.addAll(List.of("From: " + bye.header("From"), "To: " + bye.header("To"), "Call-ID: " + bye.callId(),
                "CSeq: " + bye.header("CSeq")));
            client.send(SipText.message("SIP/2.0 200 OK", h, ""));

            int exit = sipp.awaitExit(Duration.ofSeconds(15));
            assertThat(exit).as("SIPp exit code%n%s", sipp.report()).isZero();
        }
    }

    private static String scenario(String name) throws Exception {
        return Path.of(WebSocketCallTest.class.getResource("/sipp-ws/" + name).toURI()).toString();
    }

    /**
     * The callee hangs up after the caller's WebSocket has gone: the flow token names a connection
     * that no longer exists, and the EdgePort must still answer the BYE, promptly and with an error
     * (RFC 5626 §5.3 recommends 430 Flow Failed), instead of leaving the UAS to time out.
     */
    @Test
    void aByeTowardAClosedWebSocketIsAnswered() throws Exception {
        try (UdpUas callee = new UdpUas()) {
            uas = SipUri.parse("sip:service@127.0.0.1:" + callee.port());
            Caller caller = new Caller(Transport.WS);
            SipRequest invite;
            try (WsSipClient client = connect(Transport.WS)) {
                client.send(caller.invite(Caller.branch()));
                invite = callee.request("INVITE", Duration.ofSeconds(5));
                assertThat(invite.recordRoutes()).hasSize(2);
                InetSocketAddress edge = callee.lastSender;
                String contact = "Contact: <sip:service@127.0.0.1:" + callee.port() + ">";
                callee.send(UdpUas.respond(invite, "SIP/2.0 200 OK", "callee9", contact), edge);
                SipResponse ok = client.response("INVITE", 200);
                caller.established(ok);
                client.send(caller.inDialog("ACK", 1));
                callee.request("ACK", Duration.ofSeconds(5));
                client.close();
                assertThat(client.closed).succeedsWithin(Duration.ofSeconds(5));
            }
            Thread.sleep(200); // let the EdgePort see the close

            // The UAS's BYE: Route = the Record-Route of the INVITE, in order (§12.1.1); Request-URI = the caller's Contact.
            List<String> h = new ArrayList<>();
            h.add("Via: SIP/2.0/UDP 127.0.0.1:" + callee.port() + ";branch=" + Caller.branch() + ";rport");
            for (String rr : invite.headers("Record-Route")) {
                h.add("Route: " + rr);
            }
            h.addAll(List.of("Max-Forwards: 70", "From: " + invite.header("To") + ";tag=callee9",
                "To: " + invite.header("From"), "Call-ID: " + invite.callId(), "CSeq: 1 BYE"));
            InetSocketAddress edge = new InetSocketAddress("127.0.0.1", point(Transport.UDP).port());
            callee.send(SipText.message("BYE " + invite.contacts().get(0).uri() + " SIP/2.0", h, ""), edge);
            SipMessage answer;
            do {
                answer = callee.poll(Duration.ofSeconds(3));
                assertThat(answer).as("a final response to the BYE within 3 s").isNotNull();
            } while (answer instanceof SipResponse r && r.status() < 200);
            SipResponse fin = (SipResponse) answer;
            assertThat(fin.cseq().method().name()).isEqualTo("BYE");
            assertThat(fin.status()).as("status of %s", fin.status() + " " + fin.reason()).isBetween(400, 599);
            assertThat(fin.status() + " " + fin.reason()).isEqualTo("430 Flow Failed");
        }
    }
}
