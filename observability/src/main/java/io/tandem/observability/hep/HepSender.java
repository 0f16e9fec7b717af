package io.tandem.observability.hep;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket to a HEP collector (Homer's heplify-server, port 9060 by default), on its own event
 * loop: {@link HepTap} hands it, every few milliseconds, the packets each SIP thread encoded. Over
 * UDP each packet is a datagram of a connected socket (with native epoll, one {@code sendmmsg} per
 * flush); over TCP a thread's packets are one write on one connection, re-opened a second after it
 * is lost; while it is down, captures are lost. What the socket cannot take (more than 1 MiB
 * waiting) or a packet that fails is counted as lost, never retried: capture never holds memory
 * without bound.
 */
public final class HepSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HepSender.class);
    private static final long RECONNECT_MILLIS = 1000;

    private final HepCollector collector;
    private final MultiThreadIoEventLoopGroup group;
    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final LongAdder sent = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final ChannelFutureListener counted = f -> {
        if (f.isSuccess()) {
            sent.increment();
        } else {
            lost.increment();
            warnOnce(f.cause());
        }
    };
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile boolean warned;

    public HepSender(HepCollector collector) throws IOException {
        this.collector = collector;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tandem-hep", true), io);
        this.loop = group.next();
        this.bootstrap = new Bootstrap().group(loop)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
            .handler(new Ignored()); // one for every connection a TCP collector gets
        if (collector.tcp()) {
            bootstrap.channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true) // batches are coalesced already
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
            connect(); // the collector may come later: captures are lost (counted) until it does
            return;
        }
        bootstrap.channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class);
        try {
            this.channel = bootstrap.connect(collector.address()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("interrupted while opening the HEP socket to " + collector, e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("cannot open the HEP socket to " + collector + ": " + e.getMessage(), e);
        }
    }

    /** TCP: opens the connection; when it fails or closes, tries again a second later. */
    private void connect() {
        if (closed) {
            return;
        }
        bootstrap.connect(collector.address()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                warnOnce(f.cause());
                reconnectLater();
                return;
            }
            if (warned) {
                LOG.info("HEP capture to {} connected again", collector);
                warned = false;
            }
            channel = f.channel();
            f.channel().closeFuture().addListener(c -> {
                channel = null;
                warnOnce(new IOException("connection closed"));
                reconnectLater();
            });
        });
    }

    private void reconnectLater() {
        if (!closed && !group.isShuttingDown()) {
            group.schedule(this::connect, RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The event loop the socket is on: {@link #ship} and {@link #flush} run there. */
    EventLoop loop() {
        return loop;
    }

    /**
     * On {@link #loop()}: writes {@code count} HEP packets that follow each other in {@code packets}
     * (released here). Over TCP the buffer is one write; over UDP each packet is a slice of it, one
     * datagram each. Nothing is written until {@link #flush}.
     */
    void ship(ByteBuf packets, int count) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || !ch.isWritable()) {
            packets.release();
            lost.add(count); // no collector, or its socket is behind: capture never queues without bound
            return;
        }
        if (collector.tcp()) {
            ch.write(packets).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    sent.add(count);
                } else {
                    lost.add(count);
                    warnOnce(f.cause());
                }
            });
            return;
        }
        for (int at = packets.readerIndex(), end = packets.writerIndex(); at < end; ) {
            int length = packets.getUnsignedShort(at + 4); // HEP3 and its total length
            ch.write(packets.retainedSlice(at, length)).addListener(counted);
            at += length;
        }
        packets.release();
    }

    /** On {@link #loop()}: sends what {@link #ship} wrote (over UDP with native epoll, one {@code sendmmsg}). */
    void flush() {
        Channel ch = channel;
        if (ch != null) {
            ch.flush();
        }
    }

    /** Packets that could not be written, counted by the tap (too large, or more than a thread may hold between flushes). */
    void lost(long n) {
        lost.add(n);
    }

    /** Nothing comes back from a collector that matters; shared by the connections made one after another. */
    @ChannelHandler.Sharable
    private static final class Ignored extends ChannelInboundHandlerAdapter {
    }

    private void warnOnce(Throwable e) {
        if (!warned && !closed) {
            warned = true;
            LOG.warn("HEP capture to {} failed (counted in tandem_hep_lost_total, logged once until it recovers): {}", collector,
                e.toString());
        }
    }

    /** Whether packets can be sent now (over TCP: the connection is up). */
    public boolean connected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    public long sent() {
        return sent.sum();
    }

    public long lost() {
        return lost.sum();
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            try {
                ch.close().await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
