package io.tandem.observability.flow;

import io.tandem.observability.capture.CapturedMessage;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Messages as a classic PCAP file (libpcap 2.4, microsecond timestamps, LINKTYPE_RAW: each record
 * an IPv4 or IPv6 packet), readable by {@code tcpdump -r} and Wireshark. Every message becomes one
 * UDP datagram between its source and destination, whatever transport carried it (a stream's
 * segments are not reconstructed); an unknown or wildcard address is written as 0.0.0.0.
 */
public final class Pcap {
    private static final int LINKTYPE_RAW = 101;
    private static final int UDP = 17;

    private Pcap() {
    }

    public static byte[] of(List<CapturedMessage> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = le(24);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(LINKTYPE_RAW);
        out.writeBytes(header.array());
        for (CapturedMessage m : messages) {
            byte[] packet = packet(m);
            ByteBuffer rec = le(16);
            rec.putInt((int) (m.epochMicros() / 1_000_000)).putInt((int) (m.epochMicros() % 1_000_000))
                .putInt(packet.length).putInt(packet.length);
            out.writeBytes(rec.array());
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }

    private static byte[] packet(CapturedMessage m) {
        InetAddress src = address(m.source());
        InetAddress dst = address(m.destination());
        if (src instanceof Inet6Address || dst instanceof Inet6Address) {
            return ipv6(v6(src), v6(dst), port(m.source()), port(m.destination()), m.bytes());
        }
        return ipv4(src.getAddress(), dst.getAddress(), port(m.source()), port(m.destination()), m.bytes());
    }

    static byte[] ipv4(byte[] src, byte[] dst, int sport, int dport, byte[] payload) {
        int udpLength = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(20 + udpLength);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLength)).putShort((short) 0).putShort((short) 0x4000)
            .put((byte) 64).put((byte) UDP).putShort((short) 0).put(src).put(dst);
        b.putShort(10, (short) checksum(b.array(), 0, 20, 0));
        b.putShort((short) sport).putShort((short) dport).putShort((short) udpLength).putShort((short) 0).put(payload);
        long pseudo = sum(src) + sum(dst) + UDP + udpLength;
        int c = checksum(b.array(), 20, udpLength, pseudo);
        b.putShort(26, (short) (c == 0 ? 0xffff : c));
        return b.array();
    }

    static byte[] ipv6(byte[] src, byte[] dst, int sport, int dport, byte[] payload) {
        int udpLength = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(40 + udpLength);
        b.putInt(0x60000000).putShort((short) udpLength).put((byte) UDP).put((byte) 64).put(src).put(dst);
        b.putShort((short) sport).putShort((short) dport).putShort((short) udpLength).putShort((short) 0).put(payload);
        long pseudo = sum(src) + sum(dst) + UDP + udpLength;
        int c = checksum(b.array(), 40, udpLength, pseudo);
        b.putShort(46, (short) (c == 0 ? 0xffff : c));
        return b.array();
    }

    /** The Internet checksum (RFC 1071) of {@code a[off, off+len)} plus {@code initial}. */
    static int checksum(byte[] a, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((a[off + i] & 0xff) << 8) | (a[off + i + 1] & 0xff);
        }
        if ((len & 1) == 1) {
            sum += (a[off + len - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long sum(byte[] addr) {
        long s = 0;
        for (int i = 0; i < addr.length; i += 2) {
            s += ((addr[i] & 0xff) << 8) | (addr[i + 1] & 0xff);
        }
        return s;
    }

    private static InetAddress address(InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            return InetAddress.ofLiteral("0.0.0.0");
        }
        return a.getAddress();
    }

    private static byte[] v6(InetAddress a) {
        if (a instanceof Inet4Address) { // an IPv4-mapped address, when the other end is IPv6
            byte[] out = new byte[16];
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            System.arraycopy(a.getAddress(), 0, out, 12, 4);
            return out;
        }
        return a.getAddress();
    }

    private static int port(InetSocketAddress a) {
        return a == null ? 0 : a.getPort();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
