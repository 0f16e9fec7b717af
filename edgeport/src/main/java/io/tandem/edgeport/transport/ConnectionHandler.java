package io.tandem.edgeport.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a connection's pipeline: closes it when idle or on any error; counts the TLS
 * handshakes that did not complete in time (the TLS handler closes those connections itself).
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final StreamFlow flow;
    private final TransportContext ctx;

    ConnectionHandler(StreamFlow flow, TransportContext ctx) {
        this.flow = flow;
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext cx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("closing idle connection {}", flow);
            }
            cx.close();
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent done && done.cause() instanceof SslHandshakeTimeoutException) {
            ctx.stats().tlsHandshakeTimedOut();
            cx.close();
            return;
        }
        super.userEventTriggered(cx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext cx, Throwable cause) {
        if (cause instanceof TooLongFrameException
            || cause instanceof CorruptedWebSocketFrameException c && c.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
            ctx.stats().oversized();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("closing {} after an error", flow, cause);
        }
        cx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext cx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg); // nothing should get here (e.g. plain HTTP on a WS port)
    }
}
