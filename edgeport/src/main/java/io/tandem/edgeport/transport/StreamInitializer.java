package io.tandem.edgeport.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.tandem.processor.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Builds a connection's pipeline: [TLS] → idle timer → SIP framing (TCP/TLS) or HTTP upgrade and
 * WebSocket frames (WS/WSS, RFC 7118) → {@link ConnectionHandler}. Inbound connections are first
 * admitted against the connection limits; a refused one is closed at once and counted.
 */
final class StreamInitializer extends ChannelInitializer<Channel> {
    static final AttributeKey<StreamFlow> FLOW = AttributeKey.valueOf("tandem.flow");

    private final Listener listener;
    private final TransportContext ctx;
    private final SslContext ssl;
    /** Null for inbound connections; the peer for outbound ones. */
    private final InetSocketAddress destination;

    StreamInitializer(Listener listener, TransportContext ctx, SslContext ssl, InetSocketAddress destination) {
        this.listener = listener;
        this.ctx = ctx;
        this.ssl = ssl;
        this.destination = destination;
    }

    @Override
    protected void initChannel(Channel ch) {
        Transport transport = listener.spec.protocol();
        boolean inbound = destination == null;
        InetSocketAddress remote = inbound ? (InetSocketAddress) ch.remoteAddress() : destination;
        if (remote == null) { // reset before we got here
            ch.close();
            return;
        }
        if (inbound && !ctx.handler().admits(remote, transport)) {
            ctx.stats().sourceRefused(); // before the TLS handshake and the connection table
            ch.close();
            return;
        }
        if (inbound) {
            InetAddress source = remote.getAddress();
            if (!ctx.table().tryAdmit(source)) {
                ctx.stats().refusedConnection();
                ch.close();
                return;
            }
            ctx.stats().acceptedConnection();
            ch.closeFuture().addListener(f -> ctx.table().release(source));
        }
        StreamFlow flow = new StreamFlow(ch, transport, remote, listener.point, ctx);
        ch.attr(FLOW).set(flow);
        ch.closeFuture().addListener(f -> flow.closed());

        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            SslHandler tls = inbound ? ssl.newHandler(ch.alloc())
                : ssl.newHandler(ch.alloc(), destination.getHostString(), destination.getPort());
            tls.setHandshakeTimeoutMillis(ctx.limits().tlsHandshakeTimeoutMillis()); // a handshake never finished frees its slot
            p.addLast("tls", tls);
        }
        p.addLast("idle", new IdleStateHandler(0, 0, ctx.limits().idleTimeoutSeconds(), TimeUnit.SECONDS));
        int max = ctx.limits().maxMessageSize();
        if (transport == Transport.WS || transport == Transport.WSS) {
            p.addLast("http", new HttpServerCodec());
            p.addLast("http-aggregator", new HttpObjectAggregator(8192));
            p.addLast("ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true) // any path
                .subprotocols(WebSocketHandler.SUBPROTOCOL)
                .maxFramePayloadLength(max)
                .handshakeTimeoutMillis(10_000)
                .build()));
            p.addLast("ws-aggregator", new WebSocketFrameAggregator(max));
            p.addLast("sip", new WebSocketHandler(flow, ctx));
        } else {
            p.addLast("sip", new StreamDecoder(flow, ctx));
            if (inbound) {
                flow.announce(); // outbound flows are announced once connected (and TLS handshaken)
            }
        }
        p.addLast("connection", new ConnectionHandler(flow, ctx));
    }
}
