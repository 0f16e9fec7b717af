package io.tandem.media.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue of new calls' offers beyond {@code maxInFlight}: oldest first, expiry, a full queue,
 * established calls' requests that pass it. The rtpengine here is a real UDP socket the test
 * answers when it chooses, request by request.
 */
class NgQueueTest {
    private DatagramSocket relay;

    /** A request the relay received: its cookie and its dictionary. */
    record Received(String cookie, Map<String, Object> dict) {
        String callId() {
            return (String) dict.get("call-id");
        }

        String command() {
            return (String) dict.get("command");
        }
    }

    @BeforeEach
    void open() throws Exception {
        relay = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() {
        relay.close();
    }

    private InetSocketAddress address() {
        return (InetSocketAddress) relay.getLocalSocketAddress();
    }

    /** The next request within {@code millis}, or null; {@code reply} remembers where it came from. */
    private DatagramPacket last;

    @SuppressWarnings("unchecked")
    private Received receive(int millis) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        relay.setSoTimeout(millis);
        try {
            relay.receive(p);
        } catch (SocketTimeoutException none) {
            return null;
        }
        last = p;
        byte[] b = Arrays.copyOf(p.getData(), p.getLength());
        int sp = new String(b, StandardCharsets.ISO_8859_1).indexOf(' ');
        return new Received(new String(b, 0, sp, StandardCharsets.US_ASCII),
            (Map<String, Object>) Bencode.decode(b, sp + 1, b.length));
    }

    private void answer(Received r) throws Exception {
        byte[] out = (r.cookie() + " d6:result2:oke").getBytes(StandardCharsets.US_ASCII);
        relay.send(new DatagramPacket(out, out.length, last.getSocketAddress()));
    }

    private static CompletableFuture<NgReply> offer(RtpEngines engines, String callId) {
        return engines.request(callId, RtpEngines.command("offer", "call-id", callId, "from-tag", "ft"), true);
    }

    private static NgFailure.Kind kindOf(CompletableFuture<NgReply> f) {
        assertThat(f).isCompletedExceptionally();
        return f.handle((r, err) -> ((NgFailure) err).kind()).join();
    }

    @Test
    void queuedOffersGoOutOldestFirstEachWhenAPlaceFrees() throws Exception {
        try (RtpEngines engines = RtpEngines.open(List.of(address()), 3000, 2000, 0, 1, 8)) {
            NgSocket socket = engines.instances().get(0).socket();
            List<CompletableFuture<NgReply>> offers = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                offers.add(offer(engines, "q" + i));
            }
            List<String> order = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                Received r = receive(1000);
                assertThat(r).as("offer %d", i).isNotNull();
                order.add(r.callId());
                assertThat(receive(100)).as("nothing more while one is in flight").isNull();
                assertThat(socket.queued()).isEqualTo(4 - i);
                answer(r);
                assertThat(offers.get(i - 1).get(1, TimeUnit.SECONDS).result()).isEqualTo("ok");
            }
            assertThat(order).containsExactly("q1", "q2", "q3", "q4");
            assertThat(socket.queuedTotal()).isEqualTo(3);
            assertThat(socket.expired()).isZero();
            assertThat(socket.refusedBusy()).isZero();
            assertThat(socket.inFlight()).isZero();
        }
    }

    @Test
    void aQueuedOfferTimesOutTimeoutMillisAfterItWasAskedItsWaitIncluded() throws Exception {
        try (RtpEngines engines = RtpEngines.open(List.of(address()), 600, 500, 0, 1, 8)) {
            RtpEngine e = engines.instances().get(0);
            CompletableFuture<NgReply> held = e.request(RtpEngines.command("delete", "call-id", "h"), false);
            long t0 = System.nanoTime();
            CompletableFuture<NgReply> queued = offer(engines, "waited");
            Received h = receive(1000);
            assertThat(h.callId()).isEqualTo("h");
            Thread.sleep(300);
            answer(h); // the place frees at ~300 ms: the queued offer goes out, and is never answered
            assertThat(held.get(1, TimeUnit.SECONDS).result()).isEqualTo("ok");
            assertThat(receive(1000).callId()).isEqualTo("waited");
            assertThat(queued.handle((r, err) -> err).get(2, TimeUnit.SECONDS)).isInstanceOf(NgFailure.class);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(kindOf(queued)).isEqualTo(NgFailure.Kind.TIMEOUT);
            assertThat(took).as("600 ms from the ask, not 600 ms from the send at ~300").isBetween(560L, 850L);
        }
    }

    @Test
    void aQueuedOfferThatFindsNoPlaceWithinTheTimeoutExpiresUnsent() throws Exception {
        try (RtpEngines engines = RtpEngines.open(List.of(address()), 500, 400, 0, 1, 8)) {
            RtpEngine e = engines.instances().get(0);
            // requests of established calls hold the one place the whole time: the first until 500 ms, the second from 250 to 750
            CompletableFuture<NgReply> held1 = e.request(RtpEngines.command("delete", "call-id", "h1"), false);
            long t0 = System.nanoTime();
            CompletableFuture<NgReply> queued = offer(engines, "late");
            Thread.sleep(250);
            CompletableFuture<NgReply> held2 = e.request(RtpEngines.command("delete", "call-id", "h2"), false);
            assertThat(queued.handle((r, err) -> err).get(2, TimeUnit.SECONDS)).isInstanceOf(NgFailure.class)
                .hasMessageContaining("no place free").hasMessageContaining("within 500 ms");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(kindOf(queued)).isEqualTo(NgFailure.Kind.EXPIRED);
            assertThat(took).isBetween(480L, 740L);
            assertThat(e.socket().expired()).isEqualTo(1);
            assertThat(e.socket().queued()).isZero();
            List<String> seen = new ArrayList<>();
            for (Received r = receive(300); r != null; r = receive(300)) {
                seen.add(r.callId());
            }
            assertThat(seen).contains("h1", "h2").doesNotContain("late");
            assertThat(kindOf(held1)).isEqualTo(NgFailure.Kind.TIMEOUT);
            assertThat(held2.handle((r, err) -> err).get(2, TimeUnit.SECONDS)).isInstanceOf(NgFailure.class);
            assertThat(engines.holds("late")).isFalse();
        }
    }

    @Test
    void aFullQueueRefusesTheNextOfferAtOnceAsBusy() throws Exception {
        try (RtpEngines engines = RtpEngines.open(List.of(address()), 2000, 1000, 0, 1, 2)) {
            NgSocket socket = engines.instances().get(0).socket();
            offer(engines, "f1");
            offer(engines, "f2");
            offer(engines, "f3");
            long t0 = System.nanoTime();
            CompletableFuture<NgReply> refused = offer(engines, "f4");
            assertThat(kindOf(refused)).isEqualTo(NgFailure.Kind.BUSY); // failed before request() returned
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(100);
            assertThatThrownBy(refused::join).cause().hasMessageContaining("1 requests in flight (maxInFlight) and 2 queued (maxQueued)");
            assertThat(socket.queued()).isEqualTo(2);
            assertThat(socket.refusedBusy()).isEqualTo(1);
            assertThat(engines.holds("f4")).isFalse();
            // busy is no fault of the instance
            assertThat(engines.instances().get(0).health()).isNotEqualTo(RtpEngine.Health.DOWN);
        }
    }

    @Test
    void requestsOfEstablishedCallsPassTheQueue() throws Exception {
        try (RtpEngines engines = RtpEngines.open(List.of(address()), 3000, 2000, 0, 1, 8)) {
            CompletableFuture<NgReply> first = offer(engines, "c1");
            Received r1 = receive(1000);
            assertThat(r1.callId()).isEqualTo("c1");
            CompletableFuture<NgReply> second = offer(engines, "c2");
            CompletableFuture<NgReply> third = offer(engines, "c3");
            // c1 is held by the instance: its delete is sent at once, before the two queued offers
            CompletableFuture<NgReply> delete = engines.request("c1", RtpEngines.command("delete", "call-id", "c1"), false);
            Received next = receive(1000);
            assertThat(next.command()).isEqualTo("delete");
            assertThat(next.callId()).isEqualTo("c1");
            assertThat(engines.instances().get(0).socket().inFlight()).isEqualTo(2);
            answer(next);
            assertThat(delete.get(1, TimeUnit.SECONDS).result()).isEqualTo("ok");
            assertThat(receive(100)).as("the offers still wait for the offer's place").isNull();
            answer(r1);
            assertThat(first.get(1, TimeUnit.SECONDS).result()).isEqualTo("ok");
            Received r2 = receive(1000);
            assertThat(r2.callId()).isEqualTo("c2");
            answer(r2);
            Received r3 = receive(1000);
            assertThat(r3.callId()).isEqualTo("c3");
            answer(r3);
            assertThat(second.get(1, TimeUnit.SECONDS).result()).isEqualTo("ok");
            assertThat(third.get(1, TimeUnit.SECONDS).result()).isEqualTo("ok");
        }
    }

    @Test
    void aQueuedRequestMadeOnAnEventLoopIsSentAndAnsweredOnIt() throws Exception {
        io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
            io.netty.channel.epoll.EpollIoHandler.newFactory());
        try (RtpEngines engines = RtpEngines.open(List.of(address()), 3000, 2000, 0, 1, 8)) {
            io.netty.channel.EventLoop loop = group.next();
            CompletableFuture<NgReply> first = offer(engines, "l1");
            CompletableFuture<Thread> answeredOn = new CompletableFuture<>();
            loop.execute(() -> offer(engines, "l2").whenComplete((r, err) -> answeredOn.complete(err == null ? Thread.currentThread() : null)));
            Received r1 = receive(1000);
            assertThat(r1.callId()).isEqualTo("l1");
            assertThat(receive(100)).isNull();
            answer(r1);
            Received r2 = receive(1000);
            assertThat(r2.callId()).isEqualTo("l2");
            answer(r2);
            Thread loopThread = CompletableFuture.supplyAsync(Thread::currentThread, loop).get(1, TimeUnit.SECONDS);
            assertThat(answeredOn.get(1, TimeUnit.SECONDS)).isSameAs(loopThread);
            assertThat(first.get(1, TimeUnit.SECONDS).result()).isEqualTo("ok");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
