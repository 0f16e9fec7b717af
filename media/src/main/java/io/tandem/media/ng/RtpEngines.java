package io.tandem.media.ng;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several rtpengine instances: a new call goes to the next instance that is not down (round
 * robin), and every later command of that Call-ID goes to the same one, which holds its media
 * (stickiness). When a new call's offer finds its instance's port closed, it is tried on the next
 * one (failover), likewise when it has {@code maxInFlight} requests in flight (BUSY), but for
 * the last instance tried, where it waits in the queue ({@code maxQueued}, see {@link NgSocket});
 * after a timeout or an expiry it is not, so that the call fails within the request's time. Each
 * instance is pinged every {@code pingMillis}: a down one comes back when it answers.
 */
public final class RtpEngines implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtpEngines.class);

    /** Requests a new call may have waiting for one instance, unless the settings say otherwise. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 128;
    /** New calls' requests that may wait for a place per instance, unless the settings say otherwise. */
    public static final int DEFAULT_MAX_QUEUED = 1024;

    private final List<RtpEngine> instances;
    private final Map<String, RtpEngine> calls = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final EventLoopGroup home;

    private RtpEngines(List<RtpEngine> instances, EventLoopGroup home) {
        this.instances = List.copyOf(instances);
        this.home = home;
    }

    /** Opens a socket to each address; pings every {@code pingMillis} (0: never); {@link #DEFAULT_MAX_IN_FLIGHT}. */
    public static RtpEngines open(List<InetSocketAddress> addresses, long timeoutMillis, long retransmitMillis, long pingMillis) {
        return open(addresses, timeoutMillis, retransmitMillis, pingMillis, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUED);
    }

    /**
     * As above, at most {@code maxInFlight} requests in flight and {@code maxQueued} new calls'
     * requests queued per instance. One thread of our own, the home event loop: pings, the
     * requests made off an event loop, and the queues.
     */
    public static RtpEngines open(List<InetSocketAddress> addresses, long timeoutMillis, long retransmitMillis, long pingMillis,
                                  int maxInFlight, int maxQueued) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one rtpengine is needed");
        }
        EventLoopGroup home = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rtpengine-ng", true),
            Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoop loop = home.next();
        List<RtpEngine> list = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            list.add(new RtpEngine(new NgSocket(a, loop, timeoutMillis, retransmitMillis, maxInFlight, maxQueued)));
        }
        RtpEngines engines = new RtpEngines(list, home);
        if (pingMillis > 0) {
            loop.scheduleWithFixedDelay(engines::pingAll, 0, pingMillis, TimeUnit.MILLISECONDS);
        }
        return engines;
    }

    public List<RtpEngine> instances() {
        return instances;
    }

    /** Pings every instance once; completes when all have answered or failed. */
    public CompletableFuture<Void> pingAll() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[instances.size()];
        for (int i = 0; i < all.length; i++) {
            RtpEngine e = instances.get(i);
            RtpEngine.Health before = e.health();
            all[i] = e.request(command("ping")).handle((r, err) -> {
                if (e.health() != before) {
                    LOG.info("rtpengine {} is {}{}", e.name(), e.health(), err == null ? "" : ": " + e.lastProblem());
                }
                return null;
            });
        }
        return CompletableFuture.allOf(all);
    }

    /**
     * A command for {@code callId}: to the instance holding the call, else (a new call, when
     * {@code creates}) to the next instance up, with failover to the next when its port is closed.
     * A command for a call no instance holds, that does not create one, fails with NO_INSTANCE.
     */
    public CompletableFuture<NgReply> request(String callId, Map<String, Object> command, boolean creates) {
        RtpEngine held = calls.get(callId);
        if (held != null) {
            return held.request(command, false); // a call it holds: never refused for being busy
        }
        if (!creates) {
            return CompletableFuture.failedFuture(new NgFailure(NgFailure.Kind.NO_INSTANCE, "no rtpengine holds call " + callId));
        }
        List<RtpEngine> candidates = candidates();
        if (candidates.isEmpty()) {
            return CompletableFuture.failedFuture(new NgFailure(NgFailure.Kind.NO_INSTANCE, "no rtpengine is up ("
                + describe() + ")"));
        }
        NewCall offer = new NewCall(callId, command, candidates);
        offer.next();
        return offer;
    }

    /**
     * A new call's request, tried on each candidate in turn: its future and its waiter in one
     * object, so that a request costs no further stage. Told on the loop the request was made on.
     */
    private final class NewCall extends CompletableFuture<NgReply> implements NgSocket.Waiter {
        private final String callId;
        private final Map<String, Object> command;
        private final List<RtpEngine> candidates;
        private int tried;

        NewCall(String callId, Map<String, Object> command, List<RtpEngine> candidates) {
            this.callId = callId;
            this.command = command;
            this.candidates = candidates;
        }

        /** Sends to the next candidate; only the last one queues the request when it is busy. */
        void next() {
            RtpEngine e = candidates.get(tried++);
            calls.put(callId, e);
            e.request(command, true, tried == candidates.size(), this);
        }

        @Override
        public void answered(NgReply reply) {
            complete(reply);
        }

        @Override
        public void failed(NgFailure f) {
            RtpEngine e = candidates.get(tried - 1);
            calls.remove(callId, e);
            if ((f.kind() == NgFailure.Kind.UNREACHABLE || f.kind() == NgFailure.Kind.BUSY) && tried < candidates.size()) {
                LOG.debug("rtpengine {} {} for a new call: trying {}", e.name(), f.label(), candidates.get(tried).name());
                next();
            } else {
                completeExceptionally(f);
            }
        }
    }

    /** The instances not known to be down, starting with the next in turn. */
    private List<RtpEngine> candidates() {
        int n = instances.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        List<RtpEngine> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RtpEngine e = instances.get((start + i) % n);
            if (e.health() != RtpEngine.Health.DOWN) {
                out.add(e);
            }
        }
        return out;
    }

    /** Forgets which instance holds {@code callId} (after its delete). */
    public void forget(String callId) {
        calls.remove(callId);
    }

    /** Whether an instance holds {@code callId} (it was offered, and not deleted since). */
    public boolean holds(String callId) {
        return calls.containsKey(callId);
    }

    /** Calls an instance holds for us now. */
    public int callCount() {
        return calls.size();
    }

    /** Each instance and its health, e.g. "127.0.0.1:2223 UP". */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (RtpEngine e : instances) {
            sb.append(sb.isEmpty() ? "" : ", ").append(e.name()).append(' ').append(e.health());
        }
        return sb.toString();
    }

    /** A command dictionary: {@code command} first, then {@code pairs} (key, value, ...). */
    public static Map<String, Object> command(String name, Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", name);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }

    @Override
    public void close() {
        instances.forEach(RtpEngine::close);
        home.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
