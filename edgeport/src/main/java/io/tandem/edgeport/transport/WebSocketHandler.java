package io.tandem.edgeport.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * SIP over WebSocket (RFC 7118): after an upgrade that selected the "sip" subprotocol (§4), each
 * text or binary message carries exactly one SIP message (§5.1), parsed like a datagram.
 */
final class WebSocketHandler extends ChannelInboundHandlerAdapter {
    static final String SUBPROTOCOL = "sip";

    private final StreamFlow flow;
    private final TransportContext ctx;

    WebSocketHandler(StreamFlow flow, TransportContext ctx) {
        this.flow = flow;
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext cx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
            if (!SUBPROTOCOL.equals(hc.selectedSubprotocol())) {
                cx.close(); // RFC 7118 §4.1: the client must ask for "sip"
                return;
            }
            flow.announce();
            return;
        }
        super.userEventTriggered(cx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext cx, Object msg) {
        if (!(msg instanceof TextWebSocketFrame) && !(msg instanceof BinaryWebSocketFrame)) {
            cx.fireChannelRead(msg);
            return;
        }
        byte[] bytes;
        try {
            ByteBuf c = ((io.netty.handler.codec.http.websocketx.WebSocketFrame) msg).content();
            bytes = new byte[c.readableBytes()];
            c.getBytes(c.readerIndex(), bytes);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (bytes.length > ctx.limits().maxMessageSize()) { // the frame decoder and aggregator already enforce it
            ctx.stats().oversized();
            cx.close();
            return;
        }
        ctx.deliver(bytes, false, flow);
    }
}
