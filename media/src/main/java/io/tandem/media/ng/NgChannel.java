package io.tandem.media.ng;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's UDP socket to one rtpengine: requests made on that loop are written, their
 * replies read and their waiters told on it, so the call's continuation runs where the call
 * lives, with no thread woken in between. Everything here is touched by the loop only (no lock).
 * A request waits in a slot; its cookie names the slot and a sequence number, so a reply finds
 * its request without a map or a String ({@code <prefix><slot>_<sequence>}). The slots are swept
 * every tick: a request past its timeout fails, one due is sent again with the same cookie, each
 * time after twice the previous wait (see {@link NgSocket} for why).
 */
final class NgChannel extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(NgChannel.class);
    private static final int MAX_DATAGRAM = 65_507;

    private final NgSocket socket;
    private final EventLoop loop;
    private final Channel channel;
    private final byte[] prefix;
    private Pending[] slots = new Pending[16];
    private int[] free = new int[16];
    private int freeCount;
    private int waiting;
    private long sequence;
    /** A reply's bytes, copied out of Netty's buffer for the decoder: one array per channel, reused. */
    private final byte[] scratch = new byte[MAX_DATAGRAM];
    private ScheduledFuture<?> sweep;

    /** One request in flight. */
    private static final class Pending {
        final int slot;
        final long sequence;
        final ByteBuf datagram;
        final boolean counted;
        final long sentAt;
        final long askedAt;
        final NgSocket.Waiter waiter;
        long wait;
        long resendAt;

        Pending(int slot, long sequence, ByteBuf datagram, boolean counted, long sentAt, long askedAt, long wait,
                NgSocket.Waiter waiter) {
            this.askedAt = askedAt;
            this.slot = slot;
            this.sequence = sequence;
            this.datagram = datagram;
            this.counted = counted;
            this.sentAt = sentAt;
            this.wait = wait;
            this.resendAt = sentAt + wait;
            this.waiter = waiter;
        }
    }

    private NgChannel(NgSocket socket, EventLoop loop, Channel channel, String prefix) {
        this.socket = socket;
        this.loop = loop;
        this.channel = channel;
        this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
        for (int i = free.length - 1; i >= 0; i--) {
            free[freeCount++] = i;
        }
    }

    /**
     * A channel on {@code loop}, connected to the socket's rtpengine; null when the loop's I/O is
     * neither epoll nor NIO, or when the connection is not done at once (the caller sends through
     * its home loop meanwhile). Called on {@code loop}.
     */
    static NgChannel open(NgSocket socket, EventLoop loop, String prefix) {
        InetSocketAddress remote = socket.address();
        SocketProtocolFamily family = remote.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET
            : SocketProtocolFamily.INET6;
        Channel ch;
        if (loop instanceof IoEventLoop io && io.isIoType(EpollIoHandler.class)) {
            ch = new EpollDatagramChannel(family);
        } else if (loop instanceof IoEventLoop io && io.isIoType(NioIoHandler.class)) {
            ch = new NioDatagramChannel(family);
        } else {
            return null;
        }
        // a reply is one datagram and may be far larger than Netty's 2,048-byte default (a query, a WebRTC offer's SDP)
        ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        NgChannel handler = new NgChannel(socket, loop, ch, prefix);
        ch.pipeline().addLast(handler);
        ChannelFuture registered = loop.register(ch);
        InetSocketAddress local = new InetSocketAddress(remote.getAddress().isLoopbackAddress() ? remote.getAddress() : null, 0);
        ChannelFuture connected = registered.isSuccess() ? ch.connect(remote, local) : registered;
        if (!connected.isDone() || !connected.isSuccess()) {
            LOG.debug("ng channel to {} on {} not ready at once: {}", remote, loop, connected.cause());
            ch.close();
            return null;
        }
        long tick = NgSocket.tickMillis(socket.retransmitMillis());
        handler.sweep = loop.scheduleWithFixedDelay(handler::sweep, tick, tick, TimeUnit.MILLISECONDS);
        return handler;
    }

    EventLoop loop() {
        return loop;
    }

    /**
     * On the loop: encodes {@code command} after a new cookie and sends it; {@code counted} requests
     * hold one of the socket's places. {@code askedAt} (nanoTime) is when the caller asked: the request
     * times out {@code timeoutMillis} after it, so a queued request's wait counts in its timeout.
     */
    void send(Map<String, Object> command, boolean counted, NgSocket.Waiter waiter, long askedAt) {
        if (!channel.isActive()) {
            socket.done(counted);
            socket.failed(waiter, socket.unreachable("client closed"));
            return;
        }
        int slot = take();
        long seq = ++sequence;
        ByteBuf datagram = channel.alloc().buffer(1024);
        datagram.writeBytes(prefix); // the cookie <prefix><slot>_<seq>, then SP
        Bencode.number(datagram, slot);
        datagram.writeByte('_');
        Bencode.number(datagram, seq);
        datagram.writeByte(' ');
        try {
            Bencode.encode(datagram, command);
        } catch (RuntimeException e) {
            datagram.release();
            release(slot);
            socket.done(counted);
            socket.failed(waiter, new NgFailure(NgFailure.Kind.REFUSED, "request not encodable: " + e.getMessage()));
            return;
        }
        long now = System.nanoTime();
        Pending p = new Pending(slot, seq, datagram, counted, now, askedAt, socket.retransmitNanos(), waiter);
        slots[slot] = p;
        waiting++;
        write(p);
    }

    private void write(Pending p) {
        channel.writeAndFlush(p.datagram.retainedDuplicate(), channel.voidPromise());
    }

    private int take() {
        if (freeCount == 0) {
            int old = slots.length;
            slots = java.util.Arrays.copyOf(slots, old * 2);
            free = new int[old * 2];
            for (int i = old * 2 - 1; i >= old; i--) {
                free[freeCount++] = i;
            }
        }
        return free[--freeCount];
    }

    private void release(int slot) {
        slots[slot] = null;
        free[freeCount++] = slot;
    }

    /** Takes {@code p} out of its slot; false when it was answered or failed already. */
    private boolean finish(Pending p) {
        if (slots[p.slot] != p) {
            return false;
        }
        release(p.slot);
        waiting--;
        p.datagram.release();
        socket.done(p.counted);
        return true;
    }

    private void fail(Pending p, NgFailure f) {
        if (finish(p)) {
            socket.failed(p.waiter, f);
        }
    }

    private void failAll(NgFailure f) {
        for (Pending p : slots) {
            if (p != null) {
                fail(p, f);
            }
        }
    }

    /** Every tick, on the loop: requests past their timeout fail; those due are sent again, the next wait twice as long. */
    private void sweep() {
        if (waiting == 0) {
            return;
        }
        long now = System.nanoTime();
        for (Pending p : slots) {
            if (p == null) {
                continue;
            }
            if (now - p.askedAt >= socket.timeoutNanos()) {
                fail(p, socket.timedOut());
            } else if (now - p.resendAt >= 0) {
                p.wait *= 2;
                p.resendAt = now + p.wait;
                socket.retransmitted();
                write(p);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf b = msg instanceof DatagramPacket d ? d.content() : msg instanceof ByteBuf bb ? bb : null;
            if (b != null) {
                onDatagram(b);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A reply: {@code <cookie> SP <bencoded dictionary>}; its cookie must be ours and name a waiting request. */
    private void onDatagram(ByteBuf b) {
        int length = Math.min(b.readableBytes(), scratch.length);
        b.getBytes(b.readerIndex(), scratch, 0, length);
        int i = prefix.length;
        if (length <= i || !java.util.Arrays.equals(scratch, 0, i, prefix, 0, i)) {
            LOG.debug("ng datagram from {} without our cookie: dropped", socket.address());
            return;
        }
        long slot = 0;
        for (; i < length && scratch[i] >= '0' && scratch[i] <= '9' && slot < Integer.MAX_VALUE; i++) {
            slot = slot * 10 + scratch[i] - '0';
        }
        if (i >= length || scratch[i++] != '_') {
            return;
        }
        long seq = 0;
        for (; i < length && scratch[i] >= '0' && scratch[i] <= '9' && seq < Long.MAX_VALUE / 10; i++) {
            seq = seq * 10 + scratch[i] - '0';
        }
        if (i >= length || scratch[i] != ' ' || slot >= slots.length) {
            return;
        }
        Pending p = slots[(int) slot];
        if (p == null || p.sequence != seq || !finish(p)) {
            return; // the reply to a retransmission we have the answer of already, or to a request that timed out
        }
        NgReply reply;
        try {
            reply = socket.reply(scratch, i + 1, length, System.nanoTime() - p.sentAt);
        } catch (NgFailure f) {
            socket.failed(p.waiter, f);
            return;
        }
        socket.answered(p.waiter, reply);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            // the kernel reports the ICMP error once, not per datagram: everything waiting went to the same closed port
            failAll(socket.unreachable("port unreachable"));
        } else {
            LOG.debug("ng channel to {}: {}", socket.address(), cause.toString());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        failAll(socket.unreachable("client closed"));
    }

    /** Requests waiting for a reply on this channel. */
    int waiting() {
        return waiting;
    }

    void close() {
        channel.close();
    }
}
