package io.tandem.edgeport.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.processor.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads SIP datagrams (RFC 3261 §18.3: one message per datagram). Over-size datagrams are dropped
 * and counted; empty ones, bare CRLF keep-alives and STUN messages are ignored.
 */
final class UdpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final Listener listener;
    private final TransportContext ctx;

    UdpHandler(Listener listener, TransportContext ctx) {
        this.listener = listener;
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext cx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (!ctx.handler().admits(packet.sender(), Transport.UDP)) {
            ctx.stats().sourceRefused();
            packet.release();
            return;
        }
        byte[] bytes;
        try {
            ByteBuf c = packet.content();
            int n = c.readableBytes();
            if (n > ctx.limits().maxMessageSize()) {
                ctx.stats().oversized();
                if (LOG.isDebugEnabled()) {
                    LOG.debug("dropped a datagram of {}+ bytes from {}", n, packet.sender());
                }
                return;
            }
            if (isKeepAlive(c) || isStun(c)) {
                return;
            }
            bytes = new byte[n];
            c.getBytes(c.readerIndex(), bytes);
        } finally {
            packet.release();
        }
        ctx.deliver(bytes, false, new UdpFlow(cx.channel(), listener, packet.sender(), listener.point, ctx));
    }

    private static boolean isKeepAlive(ByteBuf c) {
        for (int i = c.readerIndex(); i < c.writerIndex(); i++) {
            byte b = c.getByte(i);
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** A STUN message (RFC 5389 §6: top bits 00, magic cookie at offset 4), e.g. an RFC 5626 §4.4.2 keep-alive: not answered. */
    private static boolean isStun(ByteBuf c) {
        int i = c.readerIndex();
        return c.readableBytes() >= 20 && (c.getByte(i) & 0xc0) == 0 && c.getInt(i + 4) == 0x2112A442;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext cx, Throwable cause) {
        // e.g. ICMP port unreachable surfacing as PortUnreachableException: the socket stays usable
        if (LOG.isDebugEnabled()) {
            LOG.debug("UDP socket {}: {}", cx.channel().localAddress(), cause.toString());
        }
    }
}
