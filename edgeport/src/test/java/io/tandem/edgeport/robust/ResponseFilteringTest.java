package io.tandem.edgeport.robust;

import static io.tandem.edgeport.robust.EdgePortFixture.awaitCount;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Decision;
import io.tandem.processor.Target;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Responses are never answered, so a bad one can only be dropped: malformed responses from
 * downstream and stray responses that are not ours are counted and not forwarded (RFC 3261
 * §16.7 step 3, §18.1.2), while the good ones that follow still go through.
 */
class ResponseFilteringTest {
    static final Duration WAIT = Duration.ofSeconds(3);
    static final Duration QUIET = Duration.ofMillis(300);
    static EdgePortFixture ep;
    UdpPeer client;
    UdpPeer downstream;

    @BeforeAll
    static void start() throws Exception {
        ep = new EdgePortFixture();
    }

    @AfterAll
    static void stop() {
        ep.close();
    }

    @BeforeEach
    void peers() throws Exception {
        client = new UdpPeer();
        downstream = new UdpPeer();
        SipUri target = SipUri.parse("sip:bob@127.0.0.1:" + downstream.port());
        ep.processor = ctx -> CompletableFuture.completedFuture(Decision.forward(Target.of(target)));
    }

    @AfterEach
    void closePeers() {
        client.close();
        downstream.close();
    }

    /** The client's INVITE, forwarded: the client has its 100, the downstream peer the request. */
    private Req invite() throws Exception {
        Req inv = Req.of("INVITE", "sip:bob@example.com", "UDP", client.port());
        client.send(inv.text(), ep.udp());
        assertThat(client.receive(WAIT).startLine()).isEqualTo("SIP/2.0 100 Trying");
        return inv;
    }

    private SipRequest forwarded() throws Exception {
        Received r = downstream.receive(WAIT);
        SipRequest req = r.request();
        assertThat(req.method().name()).isEqualTo("INVITE");
        assertThat(req.vias()).hasSize(2);
        return req;
    }

    /** Downstream ends the call with 486; the client must see it next (nothing from before in between). */
    private void busyHereReachesTheClientNext(Req inv, SipRequest fwd) throws Exception {
        downstream.send(Req.response("SIP/2.0 486 Busy Here", fwd, "callee1").text(), ep.udp());
        Received next = client.receive(WAIT);
        assertThat(next.startLine()).as("next message to the client").isEqualTo("SIP/2.0 486 Busy Here");
        assertThat(next.response().headers("Via")).hasSize(1);
        client.send(inv.ackFor(next.response()), ep.udp());
    }

    @Test
    void aResponseWithAMalformedCSeqIsDroppedAndCounted() throws Exception {
        Req inv = invite();
        SipRequest fwd = forwarded();
        long dropped = ep.stats().droppedResponses.sum();
        downstream.send(Req.response("SIP/2.0 180 Ringing", fwd, "callee1").set("CSeq", "one INVITE").text(), ep.udp());
        busyHereReachesTheClientNext(inv, fwd);
        awaitCount("droppedResponses", ep.stats().droppedResponses::sum, dropped, 1);
    }

    @Test
    void aResponseWithAnUnparsableStatusLineIsDroppedAndCounted() throws Exception {
        Req inv = invite();
        SipRequest fwd = forwarded();
        long unparsable = ep.stats().unparsable.sum();
        downstream.send(Req.response("SIP/2.0 1800 Ringing", fwd, "callee1").text(), ep.udp());
        busyHereReachesTheClientNext(inv, fwd);
        awaitCount("unparsable", ep.stats().unparsable::sum, unparsable, 1);
    }

    /**
     * A 180 whose Contact does not parse: a proxy must not pass on what it cannot parse (the
     * codec's ResponseValidator discards it), whether or not it matches a client transaction.
     */
    @Test
    void aResponseWithAMalformedContactIsDroppedAndCounted() throws Exception {
        Req inv = invite();
        SipRequest fwd = forwarded();
        long dropped = ep.stats().droppedResponses.sum();
        downstream.send(Req.response("SIP/2.0 180 Ringing", fwd, "callee1")
            .add("Contact", "<sip:bob@127.0.0.1:" + downstream.port()).text(), ep.udp());
        busyHereReachesTheClientNext(inv, fwd);
        awaitCount("droppedResponses", ep.stats().droppedResponses::sum, dropped, 1);
    }

    /**
     * RFC 6026 §7.2, RFC 3261 §16.7 step 4: every retransmission of a 2xx goes upstream, also
     * after the branch has ended and the transactions kept only to absorb retransmissions have let
     * go of their messages; the INVITE's retransmission is absorbed meanwhile (RFC 6026 §7.1).
     */
    @Test
    void retransmissionsOfTheTwoHundredGoUpstreamAfterTheBranchEnded() throws Exception {
        Req inv = invite();
        SipRequest fwd = forwarded();
        String ok = Req.response("SIP/2.0 200 OK", fwd, "callee1")
            .add("Contact", "<sip:bob@127.0.0.1:" + downstream.port() + ">").text();
        for (int i = 0; i < 3; i++) {
            downstream.send(ok, ep.udp());
            Received r = client.receive(WAIT);
            assertThat(r.startLine()).as("2xx number %d", i + 1).isEqualTo("SIP/2.0 200 OK");
            assertThat(r.response().headers("Via")).hasSize(1);
            assertThat(r.response().cseq().sequence()).isEqualTo(fwd.cseq().sequence());
            if (i == 0) {
                client.send(inv.text(), ep.udp()); // the caller's INVITE again: absorbed, not forwarded
                assertThat(downstream.poll(QUIET)).as("a retransmitted INVITE in Accepted").isNull();
            }
        }
        assertThat(client.poll(QUIET)).as("nothing more than the three 2xx").isNull();
    }

    /** A response whose top Via is someone else's: not ours to route (§18.1.2); dropped, counted, not sent to the next Via. */
    @Test
    void aStrayResponseWhoseTopViaIsNotOursIsDroppedAndCounted() throws Exception {
        long dropped = ep.stats().droppedResponses.sum();
        Req req = Req.of("MESSAGE", "sip:bob@example.com", "UDP", client.port());
        SipRequest asIfForwarded = (SipRequest) io.tandem.sip.message.SipParser.parse(req
            .set("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKforeign")
            .add("Via", "SIP/2.0/UDP 127.0.0.1:" + client.port() + ";branch=z9hG4bKnext")
            .text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(asIfForwarded.vias()).hasSize(2);
        downstream.send(Req.response("SIP/2.0 200 OK", asIfForwarded, "x").text(), ep.udp());
        awaitCount("droppedResponses", ep.stats().droppedResponses::sum, dropped, 1);
        assertThat(client.poll(QUIET)).as("nothing forwarded to the second Via").isNull();
    }

    /** The control case: a stray response with our Via on top is forwarded statelessly to the next Via, ours removed. */
    @Test
    void aStrayResponseWithOurViaOnTopIsForwardedToTheNextVia() throws Exception {
        InetSocketAddress us = ep.udp();
        String clientVia = "SIP/2.0/UDP 127.0.0.1:" + client.port() + ";branch=z9hG4bKclient";
        Req req = Req.of("MESSAGE", "sip:bob@example.com", "UDP", client.port())
            .set("Via", "SIP/2.0/UDP 127.0.0.1:" + us.getPort() + ";branch=z9hG4bKnotransaction").add("Via", clientVia);
        SipRequest asIfForwarded = (SipRequest) io.tandem.sip.message.SipParser.parse(
            req.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        downstream.send(Req.response("SIP/2.0 200 OK", asIfForwarded, "x").text(), us);
        Received r = client.receive(WAIT);
        assertThat(r.startLine()).isEqualTo("SIP/2.0 200 OK");
        assertThat(r.response().headers("Via")).containsExactly(clientVia);
    }

    /** Our Via and nothing under it: there is nowhere to send it. */
    @Test
    void aStrayResponseWithOnlyOurViaIsDroppedAndCounted() throws Exception {
        long dropped = ep.stats().droppedResponses.sum();
        Req req = Req.of("MESSAGE", "sip:bob@example.com", "UDP", client.port())
            .set("Via", "SIP/2.0/UDP 127.0.0.1:" + ep.udp().getPort() + ";branch=z9hG4bKonlyours");
        SipRequest asIfForwarded = (SipRequest) io.tandem.sip.message.SipParser.parse(
            req.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        downstream.send(Req.response("SIP/2.0 200 OK", asIfForwarded, "x").text(), ep.udp());
        awaitCount("droppedResponses", ep.stats().droppedResponses::sum, dropped, 1);
    }
}
