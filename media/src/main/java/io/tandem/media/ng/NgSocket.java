package io.tandem.media.ng;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ng transport to one rtpengine: each request is {@code COOKIE SP bencoded-dict} in one UDP
 * datagram, and the reply carries the same cookie.
 * <p><b>Threads.</b> A request made on a Netty event loop (the EdgePort's shards, where the
 * media middleware runs) goes out through that loop's own socket ({@link NgChannel}, opened on
 * first use), and its reply is read and its future completed on the same loop: the call's
 * continuation needs no hand-over. A request made on any other thread (pings, a remote
 * Dispatcher's callbacks) goes through the {@code home} loop's socket. No thread blocks.
 * <p><b>Retransmission.</b> A request unanswered after {@code retransmitMillis} is sent again with
 * the same cookie, then after twice that, and so on until {@code timeoutMillis}. rtpengine answers
 * a repeated cookie from its cache, but while it is still working on the first copy the second
 * makes one of its worker threads wait for it (its cookie cache waits on a condition), so a fixed
 * interval sent a slow instance its whole queue again and slowed it further; the doubling wait
 * sends it at most two or three copies within the timeout.
 * <p><b>Bound.</b> At most {@code maxInFlight} requests that may be refused (the offers of new
 * calls) wait for this instance at once; one more is refused at once with {@link NgFailure.Kind#BUSY},
 * which the middleware answers with 503, instead of queueing where it would time out. Answers,
 * deletes and in-dialog offers belong to calls already anchored and are always sent (they count).
 */
public final class NgSocket implements AutoCloseable {
    private final InetSocketAddress address;
    private final EventLoop home;
    private final long timeoutNanos;
    private final long retransmitMillis;
    private final long retransmitNanos;
    private final int maxInFlight;
    private final String cookiePrefix;
    private final AtomicInteger channelIds = new AtomicInteger();
    private final Map<EventExecutor, NgChannel> channels = new ConcurrentHashMap<>();
    /** Loops that cannot hold a channel (not epoll, not NIO): their requests go home. */
    private final Map<EventExecutor, Boolean> homeless = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder refusedBusy = new LongAdder();
    private final String name;
    private volatile boolean closed;

    public NgSocket(InetSocketAddress address, EventLoop home, long timeoutMillis, long retransmitMillis, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        this.address = address;
        this.home = home;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.retransmitMillis = Math.max(1, Math.min(retransmitMillis, timeoutMillis));
        this.retransmitNanos = TimeUnit.MILLISECONDS.toNanos(this.retransmitMillis);
        this.maxInFlight = maxInFlight;
        byte[] r = new byte[6];
        new SecureRandom().nextBytes(r);
        this.cookiePrefix = HexFormat.of().formatHex(r);
        this.name = address.getHostString() + ":" + address.getPort();
    }

    /** How often the requests in flight are looked at: a quarter of the retransmission interval, 1 to 50 ms. */
    static long tickMillis(long retransmitMillis) {
        return Math.max(1, Math.min(50, retransmitMillis / 4));
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Sends {@code command} (a dictionary with {@code command} first); never refused for being busy. */
    public CompletableFuture<NgReply> request(Map<String, Object> command) {
        return request(command, false);
    }

    /**
     * Sends {@code command}; completes with the reply or an {@link NgFailure}, on the event loop the
     * request was made on (else on the home loop). {@code refusable}: refused with BUSY when
     * {@code maxInFlight} such requests wait already.
     */
    public CompletableFuture<NgReply> request(Map<String, Object> command, boolean refusable) {
        CompletableFuture<NgReply> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(unreachable("client closed"));
            return future;
        }
        int n = inFlight.incrementAndGet();
        if (refusable && n > maxInFlight) {
            inFlight.decrementAndGet();
            refusedBusy.increment();
            future.completeExceptionally(new NgFailure(NgFailure.Kind.BUSY, "rtpengine " + name + " has " + maxInFlight
                + " requests in flight (maxInFlight)"));
            return future;
        }
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        NgChannel ch = current instanceof EventLoop loop ? channelOn(loop) : null;
        if (ch != null) {
            ch.send(command, true, future);
        } else {
            home.execute(() -> {
                NgChannel h = channelOn(home);
                if (h == null) {
                    done(true);
                    future.completeExceptionally(unreachable("no socket could be opened"));
                } else {
                    h.send(command, true, future);
                }
            });
        }
        return future;
    }

    /** The channel of {@code loop} (called on it), opened on first use; null when it cannot have one. */
    private NgChannel channelOn(EventLoop loop) {
        NgChannel ch = channels.get(loop);
        if (ch != null || homeless.containsKey(loop) || closed) {
            return ch;
        }
        ch = NgChannel.open(this, loop, cookiePrefix + Integer.toString(channelIds.incrementAndGet(), 36) + "_");
        if (ch == null) {
            if (loop != home) {
                homeless.put(loop, Boolean.TRUE);
            }
            return null;
        }
        channels.put(loop, ch);
        if (closed) { // closed meanwhile: close() may have missed it
            ch.close();
        }
        return ch;
    }

    /** A request ended (answered, failed, timed out): its place is free. */
    void done(boolean counted) {
        if (counted) {
            inFlight.decrementAndGet();
        }
    }

    /** Decodes a reply's dictionary at {@code b[from, to)}: an error reply, or one we cannot read, is a REFUSED failure. */
    NgReply reply(byte[] b, int from, int to, long roundTripNanos) {
        Object reply;
        try {
            reply = Bencode.decode(b, from, to);
        } catch (IllegalArgumentException e) {
            throw new NgFailure(NgFailure.Kind.REFUSED, "unreadable reply from " + name + ": " + e.getMessage());
        }
        if (!(reply instanceof Map<?, ?> m)) {
            throw new NgFailure(NgFailure.Kind.REFUSED, "reply from " + name + " is no dictionary");
        }
        @SuppressWarnings("unchecked")
        NgReply r = new NgReply((Map<String, Object>) m, roundTripNanos);
        if ("error".equals(r.result())) {
            throw new NgFailure(NgFailure.Kind.REFUSED, "rtpengine " + name + ": " + r.errorReason());
        }
        return r;
    }

    NgFailure unreachable(String why) {
        return new NgFailure(NgFailure.Kind.UNREACHABLE, "rtpengine " + name + ": " + why);
    }

    NgFailure timedOut() {
        return new NgFailure(NgFailure.Kind.TIMEOUT, "rtpengine " + name + " did not answer within "
            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    void retransmitted() {
        retransmissions.increment();
    }

    long retransmitMillis() {
        return retransmitMillis;
    }

    long retransmitNanos() {
        return retransmitNanos;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    /** Requests waiting for a reply. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests sent again since the start (each copy counts). */
    public long retransmissions() {
        return retransmissions.sum();
    }

    /** New calls' requests refused because {@code maxInFlight} were waiting. */
    public long refusedBusy() {
        return refusedBusy.sum();
    }

    /** The sockets opened so far, one per event loop that made a request. */
    public int channelCount() {
        return channels.size();
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(NgChannel::close); // each fails what waits on it, on its loop
    }
}
