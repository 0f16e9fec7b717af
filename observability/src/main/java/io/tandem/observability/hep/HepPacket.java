package io.tandem.observability.hep;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import io.tandem.edgeport.transport.MessageTap;
import io.tandem.observability.capture.CapturedMessage;
import io.tandem.processor.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One captured SIP message as a HEP version 3 packet (the HEP3/EEP network protocol
 * specification): "HEP3", the total length (16 bits, network order), then chunks, each a vendor
 * id (0: generic), a type id and a length (16 bits each; the length counts the 6-byte chunk
 * header) followed by the value. Written here: IP family (1), IP protocol (2: 17 UDP, 6 for the
 * stream transports), IPv4 (3, 4) or IPv6 (5, 6) source and destination, ports (7, 8), seconds
 * (9) and microseconds (10) of the capture, protocol type (11: 1 = SIP), capture agent id (12),
 * the authentication key (14, when set), the message (15), and the Call-ID as correlation id (17).
 */
public final class HepPacket {
    static final int FAMILY = 1;
    static final int PROTOCOL = 2;
    static final int IPV4_SOURCE = 3;
    static final int IPV4_DESTINATION = 4;
    static final int IPV6_SOURCE = 5;
    static final int IPV6_DESTINATION = 6;
    static final int SOURCE_PORT = 7;
    static final int DESTINATION_PORT = 8;
    static final int SECONDS = 9;
    static final int MICROSECONDS = 10;
    static final int PROTOCOL_TYPE = 11;
    static final int CAPTURE_ID = 12;
    static final int AUTH_KEY = 14;
    static final int PAYLOAD = 15;
    static final int CORRELATION_ID = 17;
    static final int SIP = 1;

    private HepPacket() {
    }

    /** @param password the authentication key, or null for none */
    public static byte[] encode(CapturedMessage m, int captureId, String password) {
        byte[] key = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.buffer(MAX_LENGTH);
        if (!write(out, m.direction(), m.transport(), m.local(), m.remote(), m.bytes(), m.epochMicros(), captureId, key)) {
            throw new IllegalArgumentException("a HEP packet holds at most 65535 bytes; this message of " + m.bytes().length
                + " bytes would not fit");
        }
        byte[] packet = new byte[out.readableBytes()];
        out.readBytes(packet);
        return packet;
    }

    /** The largest HEP packet: its length field has 16 bits. */
    public static final int MAX_LENGTH = 0xffff;

    /**
     * Appends the packet of one message to {@code out} (on the thread that read or wrote it: the
     * bytes are still in its cache). The chunks before the message are put together in a small
     * array of this thread's first, so that the buffer takes three copies and no per-field call.
     *
     * @param key the authentication key, or null for none
     * @return false, and nothing written, when the packet would be over {@link #MAX_LENGTH} or not fit in {@code out}
     */
    public static boolean write(ByteBuf out, MessageTap.Direction direction, Transport transport, InetSocketAddress local,
                                InetSocketAddress remote, byte[] payload, long epochMicros, int captureId, byte[] key) {
        InetSocketAddress source = direction == MessageTap.Direction.IN ? remote : local;
        InetSocketAddress destination = direction == MessageTap.Direction.IN ? local : remote;
        InetAddress src = address(source);
        InetAddress dst = address(destination);
        boolean v6 = src instanceof Inet6Address || dst instanceof Inet6Address;
        long callId = CapturedMessage.callIdSpan(payload);
        int addressLength = v6 ? 16 : 4;
        int length = 6 // "HEP3" and the total length
            + 3 * CHUNK + 3 // family, protocol, protocol type
            + 2 * (CHUNK + addressLength) + 2 * (CHUNK + 2) + 3 * (CHUNK + 4) // addresses, ports, seconds, microseconds, agent id
            + (key == null ? 0 : CHUNK + key.length) + CHUNK + payload.length + (callId < 0 ? 0 : CHUNK + (int) callId);
        if (length > MAX_LENGTH || length > out.maxWritableBytes()) {
            return false;
        }
        byte[] head = HEAD.get();
        int at = 0;
        at = u32(head, at, 0x48455033); // "HEP3"
        at = u16(head, at, length);
        at = u8(head, at, FAMILY, v6 ? 10 : 2);
        at = u8(head, at, PROTOCOL, transport == Transport.UDP ? 17 : 6);
        at = address(head, at, v6 ? IPV6_SOURCE : IPV4_SOURCE, src, v6);
        at = address(head, at, v6 ? IPV6_DESTINATION : IPV4_DESTINATION, dst, v6);
        at = u16(head, at, SOURCE_PORT, source == null ? 0 : source.getPort());
        at = u16(head, at, DESTINATION_PORT, destination == null ? 0 : destination.getPort());
        at = u32(head, at, SECONDS, epochMicros / 1_000_000);
        at = u32(head, at, MICROSECONDS, epochMicros % 1_000_000);
        at = u8(head, at, PROTOCOL_TYPE, SIP);
        at = u32(head, at, CAPTURE_ID, captureId & 0xffffffffL);
        if (key != null) {
            at = header(head, at, AUTH_KEY, key.length);
            if (at + key.length > head.length) {
                head = java.util.Arrays.copyOf(head, at + key.length + CHUNK);
                HEAD.set(head);
            }
            System.arraycopy(key, 0, head, at, key.length);
            at += key.length;
        }
        at = header(head, at, PAYLOAD, payload.length);
        out.ensureWritable(length);
        out.writeBytes(head, 0, at);
        out.writeBytes(payload);
        if (callId >= 0) {
            int n = header(head, 0, CORRELATION_ID, (int) callId);
            out.writeBytes(head, 0, n);
            out.writeBytes(payload, (int) (callId >>> 32), (int) callId);
        }
        return true;
    }

    private static final int CHUNK = 6; // vendor, type, length
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** Room for every chunk before the message (IPv6: 6 + 3 * 7 + 2 * 22 + 2 * 8 + 3 * 10 + 6 = 123 bytes) and a short key. */
    private static final FastThreadLocal<byte[]> HEAD = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[256];
        }
    };

    private static InetAddress address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? ANY : a.getAddress();
    }

    private static final InetAddress ANY = InetAddress.ofLiteral("0.0.0.0");

    /* Generic (vendor 0) chunks in network byte order, into the array of the chunks before the message. */

    private static int header(byte[] h, int at, int type, int valueLength) {
        SHORT.set(h, at, (short) 0);
        SHORT.set(h, at + 2, (short) type);
        SHORT.set(h, at + 4, (short) (CHUNK + valueLength));
        return at + CHUNK;
    }

    private static int u8(byte[] h, int at, int type, int v) {
        at = header(h, at, type, 1);
        h[at] = (byte) v;
        return at + 1;
    }

    private static int u16(byte[] h, int at, int v) {
        SHORT.set(h, at, (short) v);
        return at + 2;
    }

    private static int u16(byte[] h, int at, int type, int v) {
        return u16(h, header(h, at, type, 2), v);
    }

    private static int u32(byte[] h, int at, int v) {
        INT.set(h, at, v);
        return at + 4;
    }

    private static int u32(byte[] h, int at, int type, long v) {
        return u32(h, header(h, at, type, 4), (int) v);
    }

    /** An IPv4 address in 4 bytes, or in 16 (IPv6, an IPv4 one mapped) when the packet is IPv6. */
    private static int address(byte[] h, int at, int type, InetAddress a, boolean v6) {
        byte[] raw = a.getAddress();
        at = header(h, at, type, v6 ? 16 : 4);
        if (v6 && raw.length == 4) {
            java.util.Arrays.fill(h, at, at + 10, (byte) 0); // ::ffff:a.b.c.d
            at = u16(h, at + 10, 0xffff);
        }
        System.arraycopy(raw, 0, h, at, raw.length);
        return at + raw.length;
    }
}
