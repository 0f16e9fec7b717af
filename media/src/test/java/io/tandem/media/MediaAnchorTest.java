package io.tandem.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.media.ng.NgReply;
import io.tandem.media.ng.RtpEngines;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.Decision;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.testkit.Ports;
import io.tandem.testkit.RtpEngineServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The middleware against the real daemon: offer, answer, delete, profiles, policy, failures. */
class MediaAnchorTest {
    static RtpEngineServer daemon;

    static final String PLAIN_SDP = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 6000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n";
    static final String ANSWER_SDP = "v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 7000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    @BeforeAll
    static void start() throws Exception {
        daemon = RtpEngineServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    static MediaAnchoring anchoring(AnchorPolicy policy, InetSocketAddress... ng) {
        List<InetSocketAddress> list = ng.length == 0 ? List.of(daemon.ng()) : List.of(ng);
        return MediaAnchoring.start(new MediaSettings(list, policy, 800, 200, 0, java.util.Map.of()), new MetricsRegistry());
    }

    static SipRequest invite(String callId, String toTag, String sdp) {
        String body = sdp == null ? "" : sdp;
        String text = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK" + callId + "\r\n"
            + "From: <sip:alice@example.com>;tag=ft1\r\nTo: <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
            + "Call-ID: " + callId + "\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContact: <sip:alice@127.0.0.1:5070>\r\n"
            + (sdp == null ? "" : "Content-Type: application/sdp\r\n") + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n" + body;
        return (SipRequest) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static MessageContext ctx(SipRequest r, Transport t) {
        ListeningPoint lp = new ListeningPoint(t, "127.0.0.1", 5060, "127.0.0.1", 5060);
        return new MessageContext("ep", r, t, "127.0.0.1", 5070, lp, List.of(lp), List.of(), List.of());
    }

    static Decision.Forward toBob(String transport) {
        return Decision.forward(Target.of(SipUri.parse("sip:bob@127.0.0.1:5080" + (transport == null ? "" : ";transport=" + transport))));
    }

    static Decision after(MediaAnchoring m, MessageContext c, Decision d) throws Exception {
        return m.middleware().after(c, d).toCompletableFuture().get(3, TimeUnit.SECONDS);
    }

    static SipResponse ok(SipRequest req, String sdp) {
        SipResponse r = SipResponse.forRequest(req, 200, "OK").edit().toTag("tt1").body(sdp, "application/sdp").build();
        return r;
    }

    static String bodyOf(Decision d) {
        return new String(((Decision.Forward) d).body().content(), StandardCharsets.UTF_8);
    }

    @Test
    void offerAnswerDeleteRewriteEachSideToRtpengine() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.ALWAYS)) {
            String callId = "ma-" + System.nanoTime();
            SipRequest inv = invite(callId, null, PLAIN_SDP);
            MessageContext c = ctx(inv, Transport.UDP);
            Decision d = after(m, c, toBob(null));
            String offered = bodyOf(d);
            assertThat(offered).contains("RTP/AVP").doesNotContain("m=audio 6000").doesNotContain("o=alice 1 1 IN IP4 127.0.0.1\r\nx");
            assertThat(((Decision.Forward) d).body().contentType()).isEqualTo("application/sdp");
            SipResponse out = m.middleware().relaying(c, ok(inv, ANSWER_SDP)).toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertThat(out.bodyText()).contains("m=audio ").doesNotContain("m=audio 7000");
            NgReply q = m.engines().request(callId, RtpEngines.command("query", "call-id", callId), false).get(3, TimeUnit.SECONDS);
            assertThat(q.map("tags")).containsKeys("ft1", "tt1");
            m.callListener().transactionEnded(invite(callId, "tt1", null).edit().build(), 200); // an answered INVITE: kept
            assertThat(m.engines().callCount()).isEqualTo(1);
            SipRequest bye = (SipRequest) SipParser.parse(("BYE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKb\r\n"
                + "From: <sip:alice@example.com>;tag=ft1\r\nTo: <sip:bob@example.com>;tag=tt1\r\nCall-ID: " + callId
                + "\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            m.callListener().transactionEnded(bye, 200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (m.engines().callCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(m.engines().callCount()).isZero();
        }
    }

    @Test
    void aRecordedCallsFileIsToldAsRtpengineNamesIt() throws Exception {
        java.util.Map<String, String> told = new java.util.concurrent.ConcurrentHashMap<>();
        MediaSettings recordAll = new MediaSettings(List.of(daemon.ng()), AnchorPolicy.ALWAYS, 800, 200, 0, java.util.Map.of(), true,
            List.of());
        try (MediaAnchoring m = MediaAnchoring.start(recordAll, CallResources.NONE, new MetricsRegistry(), told::put)) {
            String callId = "rec-" + System.nanoTime();
            SipRequest inv = invite(callId, null, PLAIN_SDP);
            after(m, ctx(inv, Transport.UDP), toBob(null));
            assertThat(told).containsOnlyKeys(callId);
            java.nio.file.Path file = java.nio.file.Path.of(told.get(callId));
            assertThat(file.getParent()).isEqualTo(daemon.recordings().resolve("pcaps"));
            assertThat(file.getFileName().toString()).startsWith(callId + "-").endsWith(".pcap");
            assertThat(file).exists();
        }
        try (MediaAnchoring m = anchoring(AnchorPolicy.ALWAYS)) { // record: false
            String callId = "norec-" + System.nanoTime();
            after(m, ctx(invite(callId, null, PLAIN_SDP), Transport.UDP), toBob(null));
            assertThat(told).doesNotContainKey(callId);
        }
    }

    @Test
    void aWebSocketCalleeGetsAWebRtcOfferAndThePhoneAPlainAnswer() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.WEBRTC)) {
            String callId = "wr-" + System.nanoTime();
            SipRequest inv = invite(callId, null, PLAIN_SDP);
            MessageContext c = ctx(inv, Transport.UDP);
            String offered = bodyOf(after(m, c, toBob("ws")));
            assertThat(offered).contains("UDP/TLS/RTP/SAVPF").contains("a=ice-ufrag:").contains("a=fingerprint:")
                .contains("a=setup:").contains("a=rtcp-mux");
            // what a browser answers, roughly: DTLS active, ICE, rtcp-mux
            String browser = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9000 UDP/TLS/RTP/SAVPF 0\r\na=rtpmap:0 PCMU/8000\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
                + "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\na=setup:active\r\na=rtcp-mux\r\n"
                + "a=candidate:1 1 udp 2122260223 127.0.0.1 9000 typ host\r\n";
            SipResponse out = m.middleware().relaying(c, ok(inv, browser)).toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertThat(out.bodyText()).contains("RTP/AVP").doesNotContain("SAVPF").doesNotContain("ice-ufrag").doesNotContain("fingerprint");
            m.middleware().delete(callId, "test");
        }
    }

    /** Entries per resource ref: the most specific that names a policy wins; the Domain's applies to its other calls. */
    @Test
    void aResourcesPolicyOverridesTheDocumentsForTheCallsItTakesPartIn() throws Exception {
        MediaSettings settings = new MediaSettings(List.of(daemon.ng()), AnchorPolicy.ALWAYS, 800, 200, 0, java.util.Map.of(), false,
            List.of(new ResourceMedia("trunk-direct", AnchorPolicy.NEVER, null), new ResourceMedia("dom-a", AnchorPolicy.WEBRTC, null),
                new ResourceMedia("agent-anchored", AnchorPolicy.ALWAYS, null)));
        CallResources byCallId = (c, fw) -> c.request().callId().startsWith("trunk") ? List.of("trunk-direct", "dom-a")
            : c.request().callId().startsWith("agent") ? List.of("agent-anchored", "dom-a") : List.of("dom-a");
        try (MediaAnchoring m = MediaAnchoring.start(settings, byCallId, new MetricsRegistry())) {
            Decision plain = toBob(null);
            SipRequest fromTrunk = invite("trunk-" + System.nanoTime(), null, PLAIN_SDP);
            assertThat(after(m, ctx(fromTrunk, Transport.WSS), plain)).as("trunk-direct: never, even from WSS").isSameAs(plain);
            SipRequest inDomain = invite("dom-" + System.nanoTime(), null, PLAIN_SDP);
            assertThat(after(m, ctx(inDomain, Transport.UDP), plain)).as("dom-a: webrtc, a UDP call stays direct").isSameAs(plain);
            SipRequest agent = invite("agent-" + System.nanoTime(), null, PLAIN_SDP);
            assertThat(((Decision.Forward) after(m, ctx(agent, Transport.UDP), plain)).body()).as("agent-anchored: always").isNotNull();
            assertThat(m.engines().callCount()).isEqualTo(1);
            m.middleware().delete(agent.callId(), "test");
        }
    }

    @Test
    void thePolicyDecidesWhichNewCallsAreAnchored() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.WEBRTC)) {
            Decision plain = toBob(null);
            SipRequest inv = invite("np-" + System.nanoTime(), null, PLAIN_SDP);
            assertThat(after(m, ctx(inv, Transport.UDP), plain)).isSameAs(plain);
            assertThat(((Decision.Forward) after(m, ctx(inv, Transport.WSS), plain)).body()).isNotNull();
            m.middleware().delete(inv.callId(), "test");
        }
        try (MediaAnchoring m = anchoring(AnchorPolicy.NAT)) {
            Decision plain = toBob(null);
            String natted = PLAIN_SDP.replace("127.0.0.1", "192.168.1.20");
            SipRequest local = invite("nat1-" + System.nanoTime(), null, PLAIN_SDP);
            assertThat(after(m, ctx(local, Transport.UDP), plain)).isSameAs(plain);
            SipRequest behindNat = invite("nat2-" + System.nanoTime(), null, natted);
            String offered = bodyOf(after(m, ctx(behindNat, Transport.UDP), plain));
            assertThat(offered).doesNotContain("192.168.1.20");
            m.middleware().delete(behindNat.callId(), "test");
        }
    }

    @Test
    void badSdpIs488AndNoRtpengine503WithinASecondWhileInviteWithoutSdpPasses() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.ALWAYS)) {
            Decision d = after(m, ctx(invite("bad-" + System.nanoTime(), null, "v=0\r\nthis is not sdp\r\n"), Transport.UDP), toBob(null));
            assertThat(d).isInstanceOfSatisfying(Decision.Respond.class, r -> assertThat(r.status()).isEqualTo(488));
            Decision late = toBob(null);
            assertThat(after(m, ctx(invite("late-" + System.nanoTime(), null, null), Transport.UDP), late)).isSameAs(late);
        }
        InetSocketAddress closed = new InetSocketAddress("127.0.0.1", Ports.free());
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             MediaAnchoring down = anchoring(AnchorPolicy.ALWAYS, closed);
             MediaAnchoring mute = anchoring(AnchorPolicy.ALWAYS, (InetSocketAddress) silent.getLocalSocketAddress())) {
            for (MediaAnchoring m : List.of(down, mute)) {
                long t0 = System.nanoTime();
                Decision d = after(m, ctx(invite("gone-" + System.nanoTime(), null, PLAIN_SDP), Transport.UDP), toBob(null));
                assertThat(d).isInstanceOfSatisfying(Decision.Respond.class, r -> assertThat(r.status()).isEqualTo(503));
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000);
                assertThat(m.engines().callCount()).isZero();
            }
        }
    }

    @Test
    void anOfferPastMaxInFlightWaitsAnd503sNamingTheRelayWhenItExpiresOrTheQueueIsFull() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             MediaAnchoring m = MediaAnchoring.start(new MediaSettings(List.of((InetSocketAddress) silent.getLocalSocketAddress()),
                 AnchorPolicy.ALWAYS, 600, 500, 0, java.util.Map.of(), false, List.of(), 1, 1), registry)) {
            var instance = m.engines().instances().get(0);
            // established calls' requests hold the one place: the first until 600 ms, the second from 300 to 900
            instance.request(RtpEngines.command("delete", "call-id", "held-1"), false);
            long t0 = System.nanoTime();
            var queued = m.middleware().after(ctx(invite("mq-1-" + t0, null, PLAIN_SDP), Transport.UDP), toBob(null))
                .toCompletableFuture();
            Decision full = after(m, ctx(invite("mq-2-" + t0, null, PLAIN_SDP), Transport.UDP), toBob(null));
            assertThat(full).isInstanceOfSatisfying(Decision.Respond.class, r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.headers().get(0).value()).contains("media relay busy").contains("maxQueued");
            });
            Thread.sleep(300);
            instance.request(RtpEngines.command("delete", "call-id", "held-2"), false);
            Decision expired = queued.get(2, TimeUnit.SECONDS);
            assertThat(expired).isInstanceOfSatisfying(Decision.Respond.class, r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.headers().get(0).value()).contains("media relay overloaded").contains("no place free");
            });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(580L, 880L);
            assertThat(m.engines().callCount()).isZero();
            java.util.Map<String, Long> series = new java.util.HashMap<>();
            registry.snapshot().forEach(x -> series.merge(x.name() + x.labels(), x.value(), Long::sum));
            String instanceLabel = "[instance, " + instance.name() + "]";
            assertThat(series).containsEntry("tandem_media_ng_expired_total" + instanceLabel, 1L)
                .containsEntry("tandem_media_ng_refused_busy_total" + instanceLabel, 1L)
                .containsEntry("tandem_media_ng_queued_total" + instanceLabel, 1L)
                .containsEntry("tandem_media_ng_queued" + instanceLabel, 0L)
                .containsEntry("tandem_media_failures_total[command, offer, reason, expired]", 1L)
                .containsEntry("tandem_media_failures_total[command, offer, reason, busy]", 1L);
        }
    }

    /** alice's INVITE of {@code callId} offered, bob's 200 answered: an anchored call. */
    static void answeredCall(MediaAnchoring m, String callId) throws Exception {
        SipRequest inv = invite(callId, null, PLAIN_SDP);
        after(m, ctx(inv, Transport.UDP), toBob(null));
        m.middleware().relaying(ctx(inv, Transport.UDP), ok(inv, ANSWER_SDP)).toCompletableFuture().get(3, TimeUnit.SECONDS);
    }

    @Test
    void aReinviteOfAnAnchoredCallIsReofferedAndOfAnotherPassesOn() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.ALWAYS)) {
            String callId = "re-" + System.nanoTime();
            answeredCall(m, callId);
            SipRequest reinvite = invite(callId, "tt1", PLAIN_SDP.replace("6000", "6002"));
            String offered = bodyOf(after(m, ctx(reinvite, Transport.UDP), toBob(null)));
            assertThat(offered).doesNotContain("m=audio 6002");
            Decision other = toBob(null);
            assertThat(after(m, ctx(invite("other-" + System.nanoTime(), "x", PLAIN_SDP), Transport.UDP), other)).isSameAs(other);
            m.middleware().delete(callId, "test");
        }
    }

    /** RFC 3311: an UPDATE with SDP of an anchored call is offered to rtpengine, its 200's SDP answered. */
    @Test
    void anUpdateOfAnAnchoredCallIsReofferedAndItsAnswerRewritten() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.ALWAYS)) {
            String callId = "up-" + System.nanoTime();
            answeredCall(m, callId);
            SipRequest update = inDialog("UPDATE", callId, 2, PLAIN_SDP.replace("6000", "6004"));
            MessageContext c = ctx(update, Transport.UDP);
            assertThat(bodyOf(after(m, c, toBob(null)))).contains("m=audio ").doesNotContain("m=audio 6004");
            SipResponse answered = m.middleware().relaying(c, ok(update, ANSWER_SDP.replace("7000", "7004")))
                .toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertThat(answered.bodyText()).contains("m=audio ").doesNotContain("m=audio 7004");
            m.middleware().delete(callId, "test");
        }
    }

    /** A message of the call {@code callId} between alice (tag ft1) and bob (tt1), with {@code sdp} as its body when not null. */
    static SipRequest inDialog(String method, String callId, int cseq, String sdp) {
        String body = sdp == null ? "" : sdp;
        return (SipRequest) SipParser.parse((method + " sip:bob@127.0.0.1:5080 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK"
            + method + cseq + "\r\nFrom: <sip:alice@example.com>;tag=ft1\r\nTo: <sip:bob@example.com>;tag=tt1\r\nCall-ID: " + callId
            + "\r\nCSeq: " + cseq + " " + method + "\r\nMax-Forwards: 70\r\n" + (sdp == null ? "" : "Content-Type: application/sdp\r\n")
            + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 3261 §13.2.1: no SDP in the INVITE; bob's 200 carries the offer, alice's ACK the answer; both rewritten to rtpengine's. */
    @Test
    void aLateOfferIsOfferedInThe200AndAnsweredInTheAck() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.ALWAYS)) {
            String callId = "lo-" + System.nanoTime();
            SipRequest inv = invite(callId, null, null);
            MessageContext c = ctx(inv, Transport.UDP);
            Decision fw = toBob(null);
            assertThat(after(m, c, fw)).as("the INVITE goes on as it came").isSameAs(fw);
            assertThat(m.engines().callCount()).isZero();
            String offerFromBob = ANSWER_SDP.replace("RTP/AVP 0", "RTP/AVP 0 8") + "a=rtpmap:8 PCMA/8000\r\n";
            SipResponse ok = m.middleware().relaying(c, ok(inv, offerFromBob)).toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertThat(ok.bodyText()).contains("m=audio ").doesNotContain("m=audio 7000").contains("RTP/AVP 0 8");
            assertThat(m.engines().callCount()).isEqualTo(1);
            SipRequest ack = inDialog("ACK", callId, 1, PLAIN_SDP.replace("RTP/AVP 0 8", "RTP/AVP 0"));
            SipRequest out = m.middleware().relayingAck(ctx(ack, Transport.UDP)).toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertThat(out.bodyText()).contains("m=audio ").doesNotContain("m=audio 6000");
            assertThat(out.contentType().subtype()).isEqualTo("sdp");
            NgReply q = m.engines().request(callId, RtpEngines.command("query", "call-id", callId), false).get(3, TimeUnit.SECONDS);
            assertThat(q.map("tags")).containsKeys("ft1", "tt1");
            assertThat(m.engines().holds(callId)).isTrue();
            SipRequest bare = inDialog("ACK", callId, 1, null);
            assertThat(m.middleware().relayingAck(ctx(bare, Transport.UDP)).toCompletableFuture().get()).isSameAs(bare);

            // a re-INVITE without SDP: its 200 is offered again, the ACK answered again
            SipRequest reinvite = inDialog("INVITE", callId, 2, null);
            MessageContext rc = ctx(reinvite, Transport.UDP);
            Decision refw = toBob(null);
            assertThat(after(m, rc, refw)).isSameAs(refw);
            SipResponse reok = m.middleware().relaying(rc, SipResponse.forRequest(reinvite, 200, "OK").edit()
                .body(offerFromBob.replace("7000", "7002"), "application/sdp").build()).toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertThat(reok.bodyText()).doesNotContain("m=audio 7002");
            SipRequest reack = inDialog("ACK", callId, 2, PLAIN_SDP.replace("6000", "6002"));
            assertThat(m.middleware().relayingAck(ctx(reack, Transport.UDP)).toCompletableFuture().get(3, TimeUnit.SECONDS).bodyText())
                .doesNotContain("m=audio 6002");
            m.middleware().delete(callId, "test");
        }
    }

    /** Without SDP, {@code nat} compares the top Via's sent-by with the source: a client that is where it says is not anchored. */
    @Test
    void aLateOfferFromAClientThatIsNotBehindNatStaysDirect() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.NAT)) {
            SipRequest local = invite("ln-" + System.nanoTime(), null, null); // Via 127.0.0.1, from 127.0.0.1
            MessageContext c = ctx(local, Transport.UDP);
            after(m, c, toBob(null));
            SipResponse ok = ok(local, ANSWER_SDP);
            assertThat(m.middleware().relaying(c, ok).toCompletableFuture().get(3, TimeUnit.SECONDS)).isSameAs(ok);
            SipRequest natted = invite("nn-" + System.nanoTime(), null, null);
            natted = natted.edit().remove("Via").add("Via", "SIP/2.0/UDP 192.168.1.20:5070;branch=z9hG4bKnat").build();
            MessageContext nc = ctx(natted, Transport.UDP);
            after(m, nc, toBob(null));
            assertThat(m.middleware().relaying(nc, ok(natted, ANSWER_SDP)).toCompletableFuture().get(3, TimeUnit.SECONDS).bodyText())
                .doesNotContain("m=audio 7000");
            m.middleware().delete(natted.callId(), "test");
        }
    }

    /** RFC 3262 §5: the offer in a reliable 183, the answer in the PRACK. */
    @Test
    void aLateOfferInAReliable183IsAnsweredInThePrack() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.ALWAYS)) {
            String callId = "pr-" + System.nanoTime();
            SipRequest inv = invite(callId, null, null);
            MessageContext c = ctx(inv, Transport.UDP);
            after(m, c, toBob(null));
            SipResponse progress = SipResponse.forRequest(inv, 183, "Session Progress").edit().toTag("tt1")
                .body(ANSWER_SDP, "application/sdp").build();
            assertThat(m.middleware().relaying(c, progress).toCompletableFuture().get(3, TimeUnit.SECONDS).bodyText())
                .doesNotContain("m=audio 7000");
            SipRequest prack = inDialog("PRACK", callId, 2, PLAIN_SDP);
            String answered = bodyOf(after(m, ctx(prack, Transport.UDP), toBob(null)));
            assertThat(answered).contains("m=audio ").doesNotContain("m=audio 6000");
            m.middleware().delete(callId, "test");
        }
    }

    /**
     * A late offer comes from the callee: as the early offer does with the INVITE's source, it tells
     * rtpengine where the SDP came from (received-from: where the INVITE's branch went) and, with
     * {@code nat}, to use that address over the SDP's private {@code c=}.
     */
    @Test
    void aLateOfferTellsRtpengineTheCalleesAddress() throws Exception {
        try (MediaAnchoring m = anchoring(AnchorPolicy.NAT)) {
            SipRequest natted = invite("lr-" + System.nanoTime(), null, null);
            natted = natted.edit().remove("Via").add("Via", "SIP/2.0/UDP 192.168.1.20:5070;branch=z9hG4bKnat").build();
            MessageContext nc = ctx(natted, Transport.UDP);
            after(m, nc, toBob(null));
            m.callListener().branchSent(natted, natted, Transport.UDP, new InetSocketAddress("127.0.0.5", 5080));
            String behindNat = ANSWER_SDP.replace("c=IN IP4 127.0.0.1", "c=IN IP4 10.9.9.9");
            assertThat(m.middleware().relaying(nc, ok(natted, behindNat)).toCompletableFuture().get(3, TimeUnit.SECONDS).bodyText())
                .doesNotContain("10.9.9.9");
            NgReply q = m.engines().request(natted.callId(), RtpEngines.command("query", "call-id", natted.callId()), false)
                .get(3, TimeUnit.SECONDS);
            String callee = q.map("tags", "tt1").toString();
            assertThat(callee).as("the callee's media endpoint, from its SIP source").contains("127.0.0.5").doesNotContain("10.9.9.9");
            m.middleware().delete(natted.callId(), "test");
        }
    }
}
