package io.tandem.observability.hep;

import io.tandem.observability.capture.CapturedMessage;
import io.tandem.processor.Transport;
import java.io.ByteArrayOutputStream;
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
        InetAddress src = address(m.source());
        InetAddress dst = address(m.destination());
        boolean v6 = src instanceof Inet6Address || dst instanceof Inet6Address;
        Chunks c = new Chunks();
        c.u8(FAMILY, v6 ? 10 : 2);
        c.u8(PROTOCOL, m.transport() == Transport.UDP ? 17 : 6);
        c.bytes(v6 ? IPV6_SOURCE : IPV4_SOURCE, v6 ? v6(src) : src.getAddress());
        c.bytes(v6 ? IPV6_DESTINATION : IPV4_DESTINATION, v6 ? v6(dst) : dst.getAddress());
        c.u16(SOURCE_PORT, m.source() == null ? 0 : m.source().getPort());
        c.u16(DESTINATION_PORT, m.destination() == null ? 0 : m.destination().getPort());
        c.u32(SECONDS, m.epochMicros() / 1_000_000);
        c.u32(MICROSECONDS, m.epochMicros() % 1_000_000);
        c.u8(PROTOCOL_TYPE, SIP);
        c.u32(CAPTURE_ID, captureId & 0xffffffffL);
        if (password != null) {
            c.bytes(AUTH_KEY, password.getBytes(StandardCharsets.UTF_8));
        }
        c.bytes(PAYLOAD, m.bytes());
        String callId = m.callId();
        if (callId != null) {
            c.bytes(CORRELATION_ID, callId.getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = c.out.toByteArray();
        byte[] packet = new byte[6 + body.length];
        packet[0] = 'H';
        packet[1] = 'E';
        packet[2] = 'P';
        packet[3] = '3';
        packet[4] = (byte) (packet.length >>> 8);
        packet[5] = (byte) packet.length;
        System.arraycopy(body, 0, packet, 6, body.length);
        return packet;
    }

    private static InetAddress address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? InetAddress.ofLiteral("0.0.0.0") : a.getAddress();
    }

    private static byte[] v6(InetAddress a) {
        if (a instanceof Inet6Address) {
            return a.getAddress();
        }
        byte[] out = new byte[16]; // IPv4-mapped, when the other end is IPv6
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(a.getAddress(), 0, out, 12, 4);
        return out;
    }

    /** Generic (vendor 0) chunks in network byte order. */
    private static final class Chunks {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

        void header(int type, int valueLength) {
            short2(0);
            short2(type);
            short2(6 + valueLength);
        }

        void u8(int type, int v) {
            header(type, 1);
            out.write(v);
        }

        void u16(int type, int v) {
            header(type, 2);
            short2(v);
        }

        void u32(int type, long v) {
            header(type, 4);
            short2((int) (v >>> 16));
            short2((int) v);
        }

        void bytes(int type, byte[] v) {
            header(type, v.length);
            out.writeBytes(v);
        }

        private void short2(int v) {
            out.write(v >>> 8);
            out.write(v);
        }
    }
}
