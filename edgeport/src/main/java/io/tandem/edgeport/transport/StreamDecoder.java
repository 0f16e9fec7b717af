package io.tandem.edgeport.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tandem.sip.SipParseException;
import io.tandem.sip.message.StreamFramer;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a TCP/TLS byte stream into SIP messages with the codec's {@link StreamFramer} (RFC 3261
 * §18.3: Content-Length delimits the body), hands each on in a fresh array, and answers a CRLFCRLF
 * keep-alive ping with CRLF (RFC 5626 §3.5.1). A stream that cannot be framed (over-size message,
 * bad Content-Length) cannot be resynchronized: it is counted and the connection closed.
 */
final class StreamDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(StreamDecoder.class);
    private static final byte[] CRLF = {'\r', '\n'};

    /**
     * Accumulates into heap buffers so the framer can scan the backing array in place. Takes
     * ownership of {@code in}, as {@link Cumulator} requires.
     */
    static final Cumulator HEAP_CUMULATOR = (alloc, cumulation, in) -> {
        if (!cumulation.isReadable() && in.hasArray()) {
            cumulation.release();
            return in;
        }
        try {
            int needed = in.readableBytes();
            if (cumulation.hasArray() && cumulation.refCnt() == 1 && !cumulation.isReadOnly()
                && cumulation.maxFastWritableBytes() >= needed) {
                cumulation.writeBytes(in);
                return cumulation;
            }
            int total = cumulation.readableBytes() + needed;
            ByteBuf merged = alloc.heapBuffer(Math.max(4096, Integer.highestOneBit(total) << 1)); // room to grow: no copy per read
            merged.writeBytes(cumulation);
            merged.writeBytes(in);
            cumulation.release();
            return merged;
        } finally {
            in.release();
        }
    };

    private final StreamFlow flow;
    private final TransportContext ctx;
    private final StreamFramer framer;

    StreamDecoder(StreamFlow flow, TransportContext ctx) {
        this.flow = flow;
        this.ctx = ctx;
        this.framer = new StreamFramer(ctx.limits().maxMessageSize());
        setCumulator(HEAP_CUMULATOR);
    }

    @Override
    protected void decode(ChannelHandlerContext cx, ByteBuf in, List<Object> out) {
        byte[] a;
        int base;
        if (in.hasArray()) {
            a = in.array();
            base = in.arrayOffset();
        } else { // not expected with HEAP_CUMULATOR: work on a copy indexed like the buffer
            a = new byte[in.writerIndex()];
            in.getBytes(0, a);
            base = 0;
        }
        while (in.isReadable() && cx.channel().isActive()) {
            int off = base + in.readerIndex();
            StreamFramer.Result r;
            try {
                r = framer.next(a, off, in.readableBytes());
            } catch (SipParseException e) {
                if ("stream".equals(e.where())) {
                    ctx.stats().oversized();
                } else {
                    ctx.stats().parseError();
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("closing {}: {}", flow, e.getMessage());
                }
                int headerEnd = "stream".equals(e.where()) ? -1 : headerEnd(a, off, off + in.readableBytes());
                in.skipBytes(in.readableBytes());
                if (headerEnd < 0) {
                    cx.close();
                    return;
                }
                // The header section is whole, only its Content-Length is bad: the stream cannot be
                // resynchronized, but the request can still get its 400 (RFC 3261 §18.3) before we close.
                ctx.deliver(Arrays.copyOfRange(a, off, headerEnd), false, flow);
                cx.channel().eventLoop().schedule(() -> {
                    cx.close();
                }, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
                cx.channel().config().setAutoRead(false);
                return;
            }
            switch (r) {
                case NEED_MORE -> {
                    return;
                }
                case PING -> {
                    in.skipBytes(framer.length());
                    cx.writeAndFlush(Unpooled.wrappedBuffer(CRLF));
                }
                case PONG -> in.skipBytes(framer.length());
                case MESSAGE -> {
                    int n = framer.length();
                    byte[] message = Arrays.copyOfRange(a, off, off + n);
                    in.skipBytes(n);
                    ctx.deliver(message, true, flow);
                }
            }
        }
    }

    /** The offset after the empty line ending the header section in a[from, to), or -1. */
    private static int headerEnd(byte[] a, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }
}
