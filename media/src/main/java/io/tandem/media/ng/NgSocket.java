package io.tandem.media.ng;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ng transport to one rtpengine: each request is {@code COOKIE SP bencoded-dict} in one UDP
 * datagram, and the reply carries the same cookie.
 * <p><b>Threads.</b> A request made on a Netty event loop (the EdgePort's shards, where the
 * media middleware runs) goes out through that loop's own socket ({@link NgChannel}, opened on
 * first use), and its reply is read and its waiter told on the same loop: the call's
 * continuation needs no hand-over. A request made on any other thread (pings, a remote
 * Dispatcher's callbacks) goes through the {@code home} loop's socket. No thread blocks.
 * <p><b>Retransmission.</b> A request unanswered after {@code retransmitMillis} is sent again with
 * the same cookie, then after twice that, and so on until {@code timeoutMillis}. rtpengine answers
 * a repeated cookie from its cache, but while it is still working on the first copy the second
 * makes one of its worker threads wait for it (its cookie cache waits on a condition), so a fixed
 * interval sent a slow instance its whole queue again and slowed it further; the doubling wait
 * sends it at most two or three copies within the timeout.
 * <p><b>Bound and queue.</b> At most {@code maxInFlight} requests wait for this instance's reply
 * at once, as Kamailio's workers, each waiting for its answer, keep rtpengine's own queue short.
 * A new call's offer (refusable) beyond that waits in this instance's FIFO, at most
 * {@code maxQueued} of them; when a place frees, the oldest is sent. One queued past the request
 * timeout fails with {@link NgFailure.Kind#EXPIRED}, one more than {@code maxQueued} at once with
 * {@link NgFailure.Kind#BUSY} (the middleware answers both with 503). The queue lives on the
 * {@code home} loop (no lock); a queued request is still sent, and answered, on the loop it was
 * made on. Answers, deletes and in-dialog offers belong to calls already anchored: never queued
 * nor refused, they are sent at once (and count in flight).
 */
public final class NgSocket implements AutoCloseable {
    /** Who is told a request's outcome, once, on the loop the request was made on (else the home loop). */
    public interface Waiter {
        void answered(NgReply reply);

        void failed(NgFailure failure);
    }

    /** The waiter of the {@link CompletableFuture} API: the future itself, one object per request. */
    static final class ReplyFuture extends CompletableFuture<NgReply> implements Waiter {
        @Override
        public void answered(NgReply reply) {
            complete(reply);
        }

        @Override
        public void failed(NgFailure failure) {
            completeExceptionally(failure);
        }
    }

    /** A new call's request waiting for a place, on the home loop. */
    private record Queued(Map<String, Object> command, Waiter waiter, EventLoop origin, long since) {
    }

    private final InetSocketAddress address;
    private final EventLoop home;
    private final long timeoutNanos;
    private final long retransmitMillis;
    private final long retransmitNanos;
    private final int maxInFlight;
    private final int maxQueued;
    private final String cookiePrefix;
    private final AtomicInteger channelIds = new AtomicInteger();
    private final Map<EventExecutor, NgChannel> channels = new ConcurrentHashMap<>();
    /** Loops that cannot hold a channel (not epoll, not NIO): their requests go home. */
    private final Map<EventExecutor, Boolean> homeless = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Touched on the home loop only. */
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** The queue's length, read off the home loop: 0 lets a request with a free place go out at once. */
    private final AtomicInteger queuedNow = new AtomicInteger();
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder refusedBusy = new LongAdder();
    private final LongAdder queuedTotal = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final String name;
    private volatile Waiter observer;
    private ScheduledFuture<?> expirySweep;
    private volatile boolean closed;

    public NgSocket(InetSocketAddress address, EventLoop home, long timeoutMillis, long retransmitMillis, int maxInFlight,
                    int maxQueued) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must be at least 0, not " + maxQueued);
        }
        this.address = address;
        this.home = home;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.retransmitMillis = Math.max(1, Math.min(retransmitMillis, timeoutMillis));
        this.retransmitNanos = TimeUnit.MILLISECONDS.toNanos(this.retransmitMillis);
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
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

    /** {@code observer} is told every outcome before the request's waiter (the instance's health). */
    void observe(Waiter observer) {
        this.observer = observer;
    }

    /** Sends {@code command} (a dictionary with {@code command} first); never queued nor refused for being busy. */
    public CompletableFuture<NgReply> request(Map<String, Object> command) {
        return request(command, false);
    }

    /** As {@link #request(Map, boolean, boolean, Waiter)}, queued when {@code refusable}, answered through a future. */
    public CompletableFuture<NgReply> request(Map<String, Object> command, boolean refusable) {
        ReplyFuture f = new ReplyFuture();
        request(command, refusable, true, f);
        return f;
    }

    /**
     * Sends {@code command}; {@code waiter} is told the reply or an {@link NgFailure}, on the event
     * loop the request was made on (else on the home loop). {@code refusable} (a new call's
     * offer): past {@code maxInFlight} it is queued when {@code mayQueue} (else, and when the
     * queue is full, refused with BUSY at once).
     */
    public void request(Map<String, Object> command, boolean refusable, boolean mayQueue, Waiter waiter) {
        if (closed) {
            failed(waiter, unreachable("client closed"));
            return;
        }
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        EventLoop origin = current instanceof EventLoop loop ? loop : null;
        if (!refusable) {
            inFlight.incrementAndGet();
            sendFrom(origin, command, waiter, System.nanoTime());
            return;
        }
        if ((!mayQueue || queuedNow.get() == 0) && takePlace()) { // none queued ahead of it: no overtaking
            sendFrom(origin, command, waiter, System.nanoTime());
            return;
        }
        if (!mayQueue || queuedNow.incrementAndGet() > maxQueued) {
            if (mayQueue) {
                queuedNow.decrementAndGet();
            }
            refusedBusy.increment();
            failed(waiter, new NgFailure(NgFailure.Kind.BUSY, "rtpengine " + name + " has " + maxInFlight
                + " requests in flight (maxInFlight)" + (mayQueue ? " and " + maxQueued + " queued (maxQueued)" : "")));
            return;
        }
        queuedTotal.increment();
        Queued q = new Queued(command, waiter, origin, System.nanoTime());
        home.execute(() -> enqueue(q));
    }

    /** One of the {@code maxInFlight} places, when one is free. */
    private boolean takePlace() {
        for (int n = inFlight.get(); n < maxInFlight; n = inFlight.get()) {
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Sends a request that holds its place, through the channel of {@code origin} (else home's); called on {@code origin}. */
    private void sendFrom(EventLoop origin, Map<String, Object> command, Waiter waiter, long askedAt) {
        NgChannel ch = origin != null ? channelOn(origin) : null;
        if (ch != null) {
            ch.send(command, true, waiter, askedAt);
        } else if (home.inEventLoop()) {
            sendHome(command, waiter, askedAt);
        } else {
            home.execute(() -> sendHome(command, waiter, askedAt));
        }
    }

    private void sendHome(Map<String, Object> command, Waiter waiter, long askedAt) {
        NgChannel h = channelOn(home);
        if (h == null) {
            done(true);
            failed(waiter, unreachable("no socket could be opened"));
        } else {
            h.send(command, true, waiter, askedAt);
        }
    }

    /** On the home loop: {@code q} joins the queue's end. */
    private void enqueue(Queued q) {
        if (closed) {
            queuedNow.decrementAndGet();
            tell(q.origin, q.waiter, unreachable("client closed"));
            return;
        }
        queue.addLast(q);
        if (expirySweep == null) {
            long tick = tickMillis(retransmitMillis);
            expirySweep = home.scheduleWithFixedDelay(this::drain, tick, tick, TimeUnit.MILLISECONDS);
        }
        drain();
    }

    /** On the home loop: the queue's head, expired, fails; then the oldest are sent while places are free. */
    private void drain() {
        drainPending.set(false);
        long now = System.nanoTime();
        for (Queued q = queue.peekFirst(); q != null; q = queue.peekFirst()) {
            if (closed || now - q.since >= timeoutNanos) {
                queue.pollFirst();
                queuedNow.decrementAndGet();
                if (!closed) {
                    expired.increment();
                }
                tell(q.origin, q.waiter, closed ? unreachable("client closed") : new NgFailure(NgFailure.Kind.EXPIRED,
                    "rtpengine " + name + " had no place free (maxInFlight " + maxInFlight + ") within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
                continue;
            }
            if (!takePlace()) {
                return;
            }
            queue.pollFirst();
            queuedNow.decrementAndGet();
            send(q);
        }
    }

    /** On the home loop: a queued request that now holds its place, sent on the loop it was made on. */
    private void send(Queued q) {
        if (q.origin == null || q.origin == home) {
            sendHome(q.command, q.waiter, q.since);
        } else {
            q.origin.execute(() -> sendFrom(q.origin, q.command, q.waiter, q.since));
        }
    }

    /** {@code failure} told to {@code waiter} on {@code origin} (from the home loop). */
    private void tell(EventLoop origin, Waiter waiter, NgFailure failure) {
        if (origin == null || origin.inEventLoop()) {
            failed(waiter, failure);
        } else {
            origin.execute(() -> failed(waiter, failure));
        }
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

    /** A request ended (answered, failed, timed out): its place is free, for the oldest queued one. */
    void done(boolean counted) {
        if (counted) {
            inFlight.decrementAndGet();
            if (queuedNow.get() > 0 && drainPending.compareAndSet(false, true)) {
                home.execute(this::drain);
            }
        }
    }

    /** Tells the observer, then {@code waiter}, of {@code reply}. */
    void answered(Waiter waiter, NgReply reply) {
        Waiter o = observer;
        if (o != null) {
            o.answered(reply);
        }
        waiter.answered(reply);
    }

    /** Tells the observer, then {@code waiter}, of {@code failure}. */
    void failed(Waiter waiter, NgFailure failure) {
        Waiter o = observer;
        if (o != null) {
            o.failed(failure);
        }
        waiter.failed(failure);
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

    /** New calls' requests waiting in the queue for a place now. */
    public int queued() {
        return queuedNow.get();
    }

    /** New calls' requests that waited in the queue, since the start. */
    public long queuedTotal() {
        return queuedTotal.sum();
    }

    /** Queued requests that found no place within the request timeout (EXPIRED), since the start. */
    public long expired() {
        return expired.sum();
    }

    /** Requests sent again since the start (each copy counts). */
    public long retransmissions() {
        return retransmissions.sum();
    }

    /** New calls' requests refused at once (BUSY): {@code maxInFlight} in flight and the queue full. */
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
        if (!home.isShuttingDown()) {
            home.execute(this::drain); // fails what is queued
        }
    }
}
