package io.tandem.media.ng;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ng transport to one rtpengine: each request is {@code COOKIE SP bencoded-dict} in one UDP
 * datagram, and the reply carries the same cookie. A request is sent again, with the same cookie
 * (rtpengine answers a repeated cookie from its cache, so a retransmitted offer is not a second
 * offer), every {@code retransmitMillis} until {@code timeoutMillis}. No timer per request: one
 * sweep of the requests in flight runs every {@link #tickMillis} (a quarter of the retransmission
 * interval, at most 50 ms), so that a request answered in a millisecond costs the timer thread
 * nothing (a scheduled task per request woke it several times per call). The channel is connected, so
 * a closed port (ICMP port unreachable) fails the waiting requests at once instead of by timeout.
 * Replies are read by one platform thread per socket; sends never wait; completions run on that
 * thread, so callers hop to their own executor.
 */
public final class NgSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NgSocket.class);
    private static final int MAX_DATAGRAM = 65_507;

    private final InetSocketAddress address;
    private final DatagramChannel channel;
    private final ScheduledExecutorService timer;
    private final long timeoutNanos;
    private final long retransmitMillis;
    private final String cookiePrefix;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    private final long retransmitNanos;
    private final ScheduledFuture<?> sweep;

    /** One request in flight: its datagram, when it was first sent, when it is due to be sent again. */
    private final class Pending {
        final String cookie;
        final ByteBuffer datagram;
        final long sentAt = System.nanoTime();
        final CompletableFuture<NgReply> future = new CompletableFuture<>();
        /** Written by the sweep only (one thread). */
        long resendAt = sentAt + retransmitNanos;

        Pending(String cookie, ByteBuffer datagram) {
            this.cookie = cookie;
            this.datagram = datagram;
        }

        void fail(NgFailure f) {
            if (pending.remove(cookie, this)) {
                future.completeExceptionally(f);
            }
        }
    }

    public NgSocket(InetSocketAddress address, ScheduledExecutorService timer, long timeoutMillis, long retransmitMillis)
        throws IOException {
        this.address = address;
        this.timer = timer;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.retransmitMillis = Math.max(1, Math.min(retransmitMillis, timeoutMillis));
        this.retransmitNanos = TimeUnit.MILLISECONDS.toNanos(this.retransmitMillis);
        byte[] r = new byte[6];
        new SecureRandom().nextBytes(r);
        this.cookiePrefix = HexFormat.of().formatHex(r) + "_";
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(address.getAddress().isLoopbackAddress() ? address.getAddress() : null, 0));
        channel.connect(address);
        this.reader = Thread.ofPlatform().daemon().name("rtpengine-ng-" + address.getHostString() + ":" + address.getPort())
            .start(this::readLoop);
        long tick = tickMillis(this.retransmitMillis);
        this.sweep = timer.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** How often the requests in flight are looked at: a quarter of the retransmission interval, 1 to 50 ms. */
    static long tickMillis(long retransmitMillis) {
        return Math.max(1, Math.min(50, retransmitMillis / 4));
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Sends {@code command} (a dictionary with {@code command} first); completes with the reply or an {@link NgFailure}. */
    public CompletableFuture<NgReply> request(Map<String, Object> command) {
        String cookie = cookiePrefix + Long.toString(sequence.incrementAndGet(), 36);
        ByteBuffer datagram = ByteBuffer.wrap(Bencode.encode((cookie + " ").getBytes(StandardCharsets.US_ASCII), command));
        Pending p = new Pending(cookie, datagram);
        if (closed) {
            p.future.completeExceptionally(new NgFailure(NgFailure.Kind.UNREACHABLE, address + ": client closed"));
            return p.future;
        }
        pending.put(cookie, p);
        send(p);
        return p.future;
    }

    private void send(Pending p) {
        try {
            channel.write(p.datagram.duplicate());
        } catch (PortUnreachableException e) {
            p.fail(unreachable("port unreachable"));
        } catch (IOException e) {
            p.fail(unreachable(e.toString()));
        }
    }

    /** On the timer thread: the requests past their timeout fail, those due are sent again. */
    private void sweep() {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Pending p : pending.values()) {
            if (now - p.sentAt >= timeoutNanos) {
                p.fail(new NgFailure(NgFailure.Kind.TIMEOUT, "rtpengine " + address.getHostString() + ":" + address.getPort()
                    + " did not answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
            } else if (now - p.resendAt >= 0) {
                p.resendAt = now + retransmitNanos;
                send(p);
            }
        }
    }

    private NgFailure unreachable(String why) {
        return new NgFailure(NgFailure.Kind.UNREACHABLE, "rtpengine " + address.getHostString() + ":" + address.getPort() + ": " + why);
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            buf.clear();
            try {
                channel.read(buf);
            } catch (PortUnreachableException e) {
                // The kernel reports the ICMP error once, not per datagram: everything waiting went to the same closed port.
                pending.values().forEach(p -> p.fail(unreachable("port unreachable")));
                continue;
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                LOG.debug("ng read from {} failed: {}", address, e.toString());
                continue;
            }
            buf.flip();
            onDatagram(buf.array(), buf.limit());
        }
        NgFailure gone = unreachable("client closed");
        pending.values().forEach(p -> p.fail(gone));
    }

    private void onDatagram(byte[] b, int length) {
        int space = -1;
        for (int i = 0; i < length && i < 128; i++) {
            if (b[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space <= 0) {
            LOG.debug("ng datagram from {} without a cookie: dropped", address);
            return;
        }
        Pending p = pending.remove(new String(b, 0, space, StandardCharsets.US_ASCII));
        if (p == null) {
            return; // the reply to a retransmission we already have, or to a request that timed out
        }
        Object reply;
        try {
            reply = Bencode.decode(b, space + 1, length);
        } catch (IllegalArgumentException e) {
            p.future.completeExceptionally(new NgFailure(NgFailure.Kind.REFUSED, "unreadable reply from " + address + ": "
                + e.getMessage()));
            return;
        }
        if (!(reply instanceof Map<?, ?> m)) {
            p.future.completeExceptionally(new NgFailure(NgFailure.Kind.REFUSED, "reply from " + address + " is no dictionary"));
            return;
        }
        @SuppressWarnings("unchecked")
        NgReply r = new NgReply((Map<String, Object>) m, System.nanoTime() - p.sentAt);
        if ("error".equals(r.result())) {
            p.future.completeExceptionally(new NgFailure(NgFailure.Kind.REFUSED, "rtpengine " + address.getHostString() + ":"
                + address.getPort() + ": " + r.errorReason()));
        } else {
            p.future.complete(r);
        }
    }

    /** Requests waiting for a reply. */
    public int inFlight() {
        return pending.size();
    }

    @Override
    public void close() {
        closed = true;
        sweep.cancel(false);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the ng socket to {}: {}", address, e.toString());
        }
        reader.interrupt();
    }
}
