package io.tandem.observability.hep;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tandem.observability.capture.CaptureQueue;
import io.tandem.observability.capture.CapturedMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each captured message to a HEP collector (Homer's heplify-server, port 9060 by default)
 * over UDP. The capture thread encodes the packets of a batch (what it drained at once) and hands
 * them to the sender's own event loop in one task, which writes them all and flushes once: with
 * native epoll that is one {@code sendmmsg} for the batch instead of a {@code sendto} per message.
 * The socket is connected (no route look-up per packet). A batch the socket cannot take (more
 * than 1 MiB waiting) or a packet that fails is counted as lost, never retried.
 */
public final class HepSender implements Consumer<CapturedMessage>, CaptureQueue.BatchEnd, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HepSender.class);

    private final InetSocketAddress collector;
    private final int captureId;
    private final String password;
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
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
    private List<byte[]> batch = new ArrayList<>();
    private volatile boolean warned;

    public HepSender(InetSocketAddress collector, int captureId, String password) throws IOException {
        this.collector = collector;
        this.captureId = captureId;
        this.password = password;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tandem-hep", true), io);
        Bootstrap b = new Bootstrap().group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
            .handler(new ChannelInboundHandlerAdapter());
        try {
            this.channel = b.connect(collector).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("interrupted while opening the HEP socket to " + collector, e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("cannot open the HEP socket to " + collector + ": " + e.getMessage(), e);
        }
    }

    /** On the capture thread: encodes the packet; it leaves with its batch. */
    @Override
    public void accept(CapturedMessage m) {
        try {
            batch.add(HepPacket.encode(m, captureId, password));
        } catch (RuntimeException e) {
            lost.increment();
            warnOnce(e);
        }
    }

    /** On the capture thread, once it has drained what was queued: the batch goes to the socket's loop. */
    @Override
    public void endOfBatch() {
        if (batch.isEmpty()) {
            return;
        }
        List<byte[]> packets = batch;
        batch = new ArrayList<>(packets.size());
        if (!channel.isActive() || !channel.isWritable()) {
            lost.add(packets.size()); // the collector's socket is behind: capture never queues without bound
            return;
        }
        channel.eventLoop().execute(() -> {
            for (byte[] p : packets) {
                channel.write(Unpooled.wrappedBuffer(p)).addListener(counted);
            }
            channel.flush();
        });
    }

    private void warnOnce(Throwable e) {
        if (!warned) {
            warned = true;
            LOG.warn("HEP capture to {} failed (counted in tandem_hep_lost_total, logged once): {}", collector, e.toString());
        }
    }

    public long sent() {
        return sent.sum();
    }

    public long lost() {
        return lost.sum();
    }

    @Override
    public void close() {
        try {
            channel.close().await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
