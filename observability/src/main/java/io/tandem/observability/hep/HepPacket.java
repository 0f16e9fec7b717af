package io.tandem.observability.hep;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.edgeport.transport.MessageTap;
import io.tandem.observability.capture.CapturedMessage;
import io.tandem.processor.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
     * bytes are still in its cache, nothing is allocated but the addresses' bytes).
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
        out.ensureWritable(length);
        out.writeInt(0x48455033); // "HEP3"
        out.writeShort(length);
        u8(out, FAMILY, v6 ? 10 : 2);
        u8(out, PROTOCOL, transport == Transport.UDP ? 17 : 6);
        address(out, v6 ? IPV6_SOURCE : IPV4_SOURCE, src, v6);
        address(out, v6 ? IPV6_DESTINATION : IPV4_DESTINATION, dst, v6);
        u16(out, SOURCE_PORT, source == null ? 0 : source.getPort());
        u16(out, DESTINATION_PORT, destination == null ? 0 : destination.getPort());
        u32(out, SECONDS, epochMicros / 1_000_000);
        u32(out, MICROSECONDS, epochMicros % 1_000_000);
        u8(out, PROTOCOL_TYPE, SIP);
        u32(out, CAPTURE_ID, captureId & 0xffffffffL);
        if (key != null) {
            bytes(out, AUTH_KEY, key, 0, key.length);
        }
        bytes(out, PAYLOAD, payload, 0, payload.length);
        if (callId >= 0) {
            bytes(out, CORRELATION_ID, payload, (int) (callId >>> 32), (int) callId);
        }
        return true;
    }

    private static final int CHUNK = 6; // vendor, type, length

    private static InetAddress address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? InetAddress.ofLiteral("0.0.0.0") : a.getAddress();
    }

    /* Generic (vendor 0) chunks in network byte order. */

    private static void header(ByteBuf out, int type, int valueLength) {
        out.writeShort(0);
        out.writeShort(type);
        out.writeShort(CHUNK + valueLength);
    }

    private static void u8(ByteBuf out, int type, int v) {
        header(out, type, 1);
        out.writeByte(v);
    }

    private static void u16(ByteBuf out, int type, int v) {
        header(out, type, 2);
        out.writeShort(v);
    }

    private static void u32(ByteBuf out, int type, long v) {
        header(out, type, 4);
        out.writeInt((int) v);
    }

    private static void bytes(ByteBuf out, int type, byte[] v, int from, int length) {
        header(out, type, length);
        out.writeBytes(v, from, length);
    }

    /** An IPv4 address in 4 bytes, or in 16 (IPv6, an IPv4 one mapped) when the packet is IPv6. */
    private static void address(ByteBuf out, int type, InetAddress a, boolean v6) {
        byte[] raw = a.getAddress();
        header(out, type, v6 ? 16 : 4);
        if (v6 && raw.length == 4) {
            out.writeZero(10); // ::ffff:a.b.c.d
            out.writeShort(0xffff);
        }
        out.writeBytes(raw);
    }
}
