package io.tandem.media.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.testkit.RtpEngineServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ping, offer, answer, query, delete against the real daemon; timeouts, closed ports, failover. */
class NgRoundTripTest {
    static RtpEngineServer daemon;

    static final String OFFER_SDP = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
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

    static NgReply get(java.util.concurrent.CompletableFuture<NgReply> f) throws Exception {
        return f.get(3, TimeUnit.SECONDS);
    }

    @Test
    void pingOfferAnswerQueryDelete() throws Exception {
        try (RtpEngines engines = RtpEngines.open(List.of(daemon.ng()), 1000, 200, 0)) {
            engines.pingAll().get(3, TimeUnit.SECONDS);
            assertThat(engines.instances().get(0).health()).isEqualTo(RtpEngine.Health.UP);
            String callId = "rt-" + System.nanoTime();
            NgReply offer = get(engines.request(callId, RtpEngines.command("offer", "call-id", callId, "from-tag", "ft",
                "sdp", OFFER_SDP, "replace", List.of("origin", "session-connection")), true));
            assertThat(offer.result()).isEqualTo("ok");
            assertThat(offer.sdp()).contains("m=audio ").doesNotContain("m=audio 6000");
            int port = Integer.parseInt(offer.sdp().split("m=audio ")[1].split(" ")[0]);
            assertThat(port).isBetween(daemon.portRange().get(0), daemon.portRange().get(1));
            NgReply answer = get(engines.request(callId, RtpEngines.command("answer", "call-id", callId, "from-tag", "ft",
                "to-tag", "tt", "sdp", ANSWER_SDP), false));
            assertThat(answer.sdp()).doesNotContain("m=audio 7000");
            NgReply query = get(engines.request(callId, RtpEngines.command("query", "call-id", callId), false));
            assertThat(query.result()).isEqualTo("ok");
            assertThat(query.map("tags")).containsKeys("ft", "tt");
            assertThat(query.number("totals", "RTP", "packets")).isZero();
            NgReply delete = get(engines.request(callId, RtpEngines.command("delete", "call-id", callId, "from-tag", "ft"), false));
            assertThat(delete.result()).isEqualTo("ok");
            engines.forget(callId);
            assertThat(offer.roundTripNanos()).isPositive();
            System.out.printf("ng round trips: offer %.2f ms, answer %.2f ms, query %.2f ms, delete %.2f ms%n",
                offer.roundTripNanos() / 1e6, answer.roundTripNanos() / 1e6, query.roundTripNanos() / 1e6,
                delete.roundTripNanos() / 1e6);
            // the call is gone: an error reply, which is the request's fault, not the instance's
            assertThatThrownBy(() -> get(engines.request(callId, RtpEngines.command("query", "call-id", callId), true)))
                .hasCauseInstanceOf(NgFailure.class).cause().extracting(e -> ((NgFailure) e).kind()).isEqualTo(NgFailure.Kind.REFUSED);
            assertThat(engines.instances().get(0).health()).isEqualTo(RtpEngine.Health.UP);
        }
    }

    @Test
    void aClosedPortFailsAtOnceAndASilentOneByTimeout() throws Exception {
        InetSocketAddress closed = new InetSocketAddress("127.0.0.1", io.tandem.testkit.Ports.free());
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             RtpEngines closedOne = RtpEngines.open(List.of(closed), 900, 200, 0);
             RtpEngines silentOne = RtpEngines.open(List.of((InetSocketAddress) silent.getLocalSocketAddress()), 500, 100, 0)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> get(closedOne.request("c1", RtpEngines.command("ping"), true)))
                .cause().extracting(e -> ((NgFailure) e).kind()).isEqualTo(NgFailure.Kind.UNREACHABLE);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(300);
            assertThat(closedOne.instances().get(0).health()).isEqualTo(RtpEngine.Health.DOWN);
            // a new call now finds no instance up, at once
            assertThatThrownBy(() -> get(closedOne.request("c2", RtpEngines.command("ping"), true)))
                .cause().extracting(e -> ((NgFailure) e).kind()).isEqualTo(NgFailure.Kind.NO_INSTANCE);
            t0 = System.nanoTime();
            assertThatThrownBy(() -> get(silentOne.request("c3", RtpEngines.command("ping"), true)))
                .cause().extracting(e -> ((NgFailure) e).kind()).isEqualTo(NgFailure.Kind.TIMEOUT);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(took).isBetween(450L, 900L);
            // retransmitted with the same cookie after 100 ms, then after 200 more (the wait doubles): 3 copies, one cookie
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[2048], 2048);
            silent.setSoTimeout(200);
            java.util.Set<String> cookies = new java.util.HashSet<>();
            int copies = 0;
            try {
                while (true) {
                    silent.receive(p);
                    copies++;
                    cookies.add(new String(p.getData(), 0, p.getLength()).split(" ")[0]);
                }
            } catch (java.net.SocketTimeoutException done) {
                // drained
            }
            assertThat(cookies).hasSize(1);
            assertThat(copies).isBetween(2, 4);
            assertThat(silentOne.instances().get(0).socket().retransmissions()).isEqualTo(copies - 1);
        }
    }

    @Test
    void aNewCallFailsOverToTheNextInstanceAndStaysThere() throws Exception {
        InetSocketAddress closed = new InetSocketAddress("127.0.0.1", io.tandem.testkit.Ports.free());
        try (RtpEngines engines = RtpEngines.open(List.of(closed, daemon.ng()), 900, 200, 0)) {
            for (int i = 0; i < 3; i++) {
                String callId = "fo-" + i + "-" + System.nanoTime();
                NgReply offer = get(engines.request(callId, RtpEngines.command("offer", "call-id", callId, "from-tag", "ft",
                    "sdp", OFFER_SDP), true));
                assertThat(offer.sdp()).contains("m=audio");
                // sticky: the delete goes to the instance that holds the call
                assertThat(get(engines.request(callId, RtpEngines.command("delete", "call-id", callId), false)).result())
                    .isEqualTo("ok");
                engines.forget(callId);
            }
            assertThat(engines.describe()).contains(closed.getPort() + " DOWN").contains(daemon.ng().getPort() + " UP");
        }
    }

    @Test
    void pingsBringADownInstanceBack() throws Exception {
        try (RtpEngines engines = RtpEngines.open(List.of(daemon.ng()), 300, 100, 100)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (engines.instances().get(0).health() != RtpEngine.Health.UP && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(engines.instances().get(0).health()).isEqualTo(RtpEngine.Health.UP);
        }
    }

    @Test
    void aRequestMadeOnAnEventLoopIsAnsweredOnIt() throws Exception {
        io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(2,
            io.netty.channel.epoll.EpollIoHandler.newFactory());
        try (RtpEngines engines = RtpEngines.open(List.of(daemon.ng()), 1000, 200, 0)) {
            for (io.netty.util.concurrent.EventExecutor loop : group) {
                java.util.concurrent.CompletableFuture<Thread> answeredOn = new java.util.concurrent.CompletableFuture<>();
                java.util.concurrent.CompletableFuture<Thread> askedOn = new java.util.concurrent.CompletableFuture<>();
                loop.execute(() -> {
                    askedOn.complete(Thread.currentThread());
                    engines.instances().get(0).request(RtpEngines.command("ping"))
                        .whenComplete((r, err) -> answeredOn.complete(err == null ? Thread.currentThread() : null));
                });
                assertThat(answeredOn.get(3, TimeUnit.SECONDS)).isSameAs(askedOn.get());
            }
            // one socket per loop, none yet for the home loop (nothing asked off a loop)
            assertThat(engines.instances().get(0).socket().channelCount()).isEqualTo(2);
            NgReply fromHere = get(engines.instances().get(0).request(RtpEngines.command("ping")));
            assertThat(fromHere.result()).isEqualTo("pong");
            assertThat(engines.instances().get(0).socket().channelCount()).isEqualTo(3);
            assertThat(engines.instances().get(0).socket().inFlight()).isZero();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNewCallPastMaxInFlightWithoutAQueueIsRefusedAtOnceAsBusyWhileCallsHeldGoOn() throws Exception {
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             RtpEngines engines = RtpEngines.open(List.of((InetSocketAddress) silent.getLocalSocketAddress()), 2000, 1000, 0, 2, 0)) {
            var first = engines.request("b1", RtpEngines.command("offer", "call-id", "b1"), true);
            var second = engines.request("b2", RtpEngines.command("offer", "call-id", "b2"), true);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> get(engines.request("b3", RtpEngines.command("offer", "call-id", "b3"), true)))
                .cause().isInstanceOf(NgFailure.class).hasMessageContaining("2 requests in flight")
                .extracting(e -> ((NgFailure) e).kind()).isEqualTo(NgFailure.Kind.BUSY);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(100);
            // busy is no fault of the instance: it is not marked down
            assertThat(engines.instances().get(0).health()).isNotEqualTo(RtpEngine.Health.DOWN);
            // a command of a call the instance holds is sent all the same
            var held = engines.request("b1", RtpEngines.command("delete", "call-id", "b1"), false);
            assertThat(engines.instances().get(0).socket().inFlight()).isEqualTo(3);
            assertThat(engines.instances().get(0).socket().refusedBusy()).isEqualTo(1);
            assertThat(first.isDone() || second.isDone() || held.isDone()).isFalse();
        }
    }
}
