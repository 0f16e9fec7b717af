package io.tandem.observability.hep;

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
        InetAddress src = address(m.source());
        InetAddress dst = address(m.destination());
        boolean v6 = src instanceof Inet6Address || dst instanceof Inet6Address;
        byte[] key = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        byte[] payload = m.bytes();
        long callId = m.callIdSpan();
        int addressLength = v6 ? 16 : 4;
        int length = 6 // "HEP3" and the total length
            + 3 * CHUNK + 3 // family, protocol, protocol type
            + 2 * (CHUNK + addressLength) + 2 * (CHUNK + 2) + 3 * (CHUNK + 4) // addresses, ports, seconds, microseconds, agent id
            + (key == null ? 0 : CHUNK + key.length) + CHUNK + payload.length + (callId < 0 ? 0 : CHUNK + (int) callId);
        if (length > 0xffff) {
            throw new IllegalArgumentException("a HEP packet holds at most 65535 bytes; this message makes " + length);
        }
        Chunks c = new Chunks(new byte[length]);
        c.raw('H');
        c.raw('E');
        c.raw('P');
        c.raw('3');
        c.short2(length);
        c.u8(FAMILY, v6 ? 10 : 2);
        c.u8(PROTOCOL, m.transport() == Transport.UDP ? 17 : 6);
        c.address(v6 ? IPV6_SOURCE : IPV4_SOURCE, src, v6);
        c.address(v6 ? IPV6_DESTINATION : IPV4_DESTINATION, dst, v6);
        c.u16(SOURCE_PORT, m.source() == null ? 0 : m.source().getPort());
        c.u16(DESTINATION_PORT, m.destination() == null ? 0 : m.destination().getPort());
        c.u32(SECONDS, m.epochMicros() / 1_000_000);
        c.u32(MICROSECONDS, m.epochMicros() % 1_000_000);
        c.u8(PROTOCOL_TYPE, SIP);
        c.u32(CAPTURE_ID, captureId & 0xffffffffL);
        if (key != null) {
            c.bytes(AUTH_KEY, key, 0, key.length);
        }
        c.bytes(PAYLOAD, payload, 0, payload.length);
        if (callId >= 0) {
            c.bytes(CORRELATION_ID, payload, (int) (callId >>> 32), (int) callId);
        }
        return c.out;
    }

    private static final int CHUNK = 6; // vendor, type, length

    private static InetAddress address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? InetAddress.ofLiteral("0.0.0.0") : a.getAddress();
    }

    /** Generic (vendor 0) chunks in network byte order, written into an array of the packet's exact size. */
    private static final class Chunks {
        final byte[] out;
        int at;

        Chunks(byte[] out) {
            this.out = out;
        }

        void header(int type, int valueLength) {
            short2(0);
            short2(type);
            short2(CHUNK + valueLength);
        }

        void u8(int type, int v) {
            header(type, 1);
            raw(v);
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

        void bytes(int type, byte[] v, int from, int length) {
            header(type, length);
            System.arraycopy(v, from, out, at, length);
            at += length;
        }

        /** An IPv4 address in 4 bytes, or in 16 (IPv6, an IPv4 one mapped) when the packet is IPv6. */
        void address(int type, InetAddress a, boolean v6) {
            byte[] raw = a.getAddress();
            header(type, v6 ? 16 : 4);
            if (v6 && raw.length == 4) {
                at += 10; // ::ffff:a.b.c.d
                raw(0xff);
                raw(0xff);
            }
            System.arraycopy(raw, 0, out, at, raw.length);
            at += raw.length;
        }

        void raw(int v) {
            out[at++] = (byte) v;
        }

        void short2(int v) {
            raw(v >>> 8);
            raw(v);
        }
    }
}
