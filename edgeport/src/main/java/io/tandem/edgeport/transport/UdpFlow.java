package io.tandem.edgeport.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Our UDP socket and a peer's address. Two flows are equal when they name the same peer from the same listening point. */
final class UdpFlow implements Flow {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UdpFlow.class);

    /** The largest UDP payload over IPv4 (65535 - 8 - 20). */
    static final int MAX_DATAGRAM = 65_507;

    /** The socket the peer's datagram came in on (or the one picked for it); sends prefer the caller's own loop's socket. */
    private final Channel channel;
    private final Listener listener;
    private final InetSocketAddress remote;
    private final ListeningPoint local;
    private final TransportContext ctx;

    UdpFlow(Channel channel, Listener listener, InetSocketAddress remote, ListeningPoint local, TransportContext ctx) {
        this.channel = channel;
        this.listener = listener;
        this.remote = remote;
        this.local = local;
        this.ctx = ctx;
    }

    @Override
    public Transport transport() {
        return Transport.UDP;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public ListeningPoint local() {
        return local;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public CompletionStage<Void> send(SipMessage message) {
        byte[] bytes;
        try {
            bytes = ctx.wire(message, this);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // an outbound filter could not rewrite it: not sent as it was
        }
        if (ctx.tap() != MessageTap.NONE) {
            ctx.tap(MessageTap.Direction.OUT, this, bytes);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("out {} {} to {}: {}", transport(), MessageSummary.of(message), remote(), MessageSummary.callId(message));
        }
        if (bytes.length > MAX_DATAGRAM) {
            return CompletableFuture.failedFuture(new IOException("message of " + bytes.length + " bytes is too large for UDP"));
        }
        // Every socket of a listener shares its address and port (SO_REUSEPORT): send from the one
        // of the calling event loop, so that the write needs no hop to another thread.
        Channel out = channel.eventLoop().inEventLoop() ? channel : listener.channelFor(remote.hashCode());
        return StreamFlow.complete(out.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), remote)), ctx, Transport.UDP);
    }

    /**
     * RFC 3261 §18.2.2 and RFC 3581 §4: to the source IP (what "received" records); to the source
     * port when the request asked for rport, else to the sent-by port, or 5060. (maddr is not
     * honoured: responses are never multicast.)
     */
    @Override
    public Flow forResponse(Via topVia) {
        int port = topVia.hasRport() ? remote.getPort() : topVia.port() > 0 ? topVia.port() : 5060;
        if (port == remote.getPort()) {
            return this;
        }
        return new UdpFlow(channel, listener, new InetSocketAddress(remote.getAddress(), port), local, ctx);
    }

    java.net.SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpFlow u && u.remote.equals(remote) && u.local.equals(local);
    }

    @Override
    public int hashCode() {
        return remote.hashCode() * 31 + local.hashCode();
    }

    @Override
    public String toString() {
        return "UDP " + remote;
    }
}
