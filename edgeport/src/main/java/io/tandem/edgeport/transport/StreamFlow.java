package io.tandem.edgeport.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** One TCP, TLS, WS or WSS connection, inbound or outbound. */
final class StreamFlow implements Flow {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamFlow.class);

    private final Channel channel;
    private final Transport transport;
    private final InetSocketAddress remote;
    private final ListeningPoint local;
    private final TransportContext ctx;
    private final ConnectionTable.Key key;
    /** Set once the flow is in the connection table (and so may have been handed to the handler). */
    private volatile boolean announced;

    StreamFlow(Channel channel, Transport transport, InetSocketAddress remote, ListeningPoint local, TransportContext ctx) {
        this.channel = channel;
        this.transport = transport;
        this.remote = remote;
        this.local = local;
        this.ctx = ctx;
        this.key = new ConnectionTable.Key(transport, remote);
    }

    ConnectionTable.Key key() {
        return key;
    }

    Channel channel() {
        return channel;
    }

    /** Makes the flow findable by {@link SipTransport#flowTo} (TCP/TLS on connect, WS after the handshake). */
    void announce() {
        ctx.table().put(this);
        announced = true;
    }

    /** Called once when the channel has closed: drops the table entry and tells the handler. */
    void closed() {
        if (announced) {
            ctx.table().remove(this);
            ctx.handler().onFlowClosed(this);
        }
    }

    @Override
    public Transport transport() {
        return transport;
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
        return channel.isActive();
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
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        Object out = buf;
        if (transport == Transport.WS || transport == Transport.WSS) {
            // RFC 7118 §5.1: one message per frame; text unless the message is not valid UTF-8
            out = isUtf8(bytes) ? new TextWebSocketFrame(buf) : new BinaryWebSocketFrame(buf);
        }
        return complete(channel.writeAndFlush(out), ctx, transport);
    }

    static CompletionStage<Void> complete(ChannelFuture write, TransportContext ctx, Transport transport) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        write.addListener(f -> {
            if (f.isSuccess()) {
                ctx.stats().messageOut(transport);
                done.complete(null);
            } else {
                done.completeExceptionally(f.cause());
            }
        });
        return done;
    }

    /** Responses go back on the same connection (RFC 3261 §18.2.2); if it has closed, the caller connects anew. */
    @Override
    public Flow forResponse(Via topVia) {
        return this;
    }

    static boolean isUtf8(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return transport + " " + remote + (isOpen() ? "" : " (closed)");
    }
}
