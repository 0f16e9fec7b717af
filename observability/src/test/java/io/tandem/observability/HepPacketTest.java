package io.tandem.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.edgeport.transport.MessageTap;
import io.tandem.observability.capture.CapturedMessage;
import io.tandem.observability.hep.HepPacket;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A golden HEP3 packet, written out by hand from the HEP3 specification's chunk table (vendor 0;
 * types 1 family, 2 protocol, 3/4 IPv4 addresses, 7/8 ports, 9/10 seconds and microseconds, 11
 * protocol type, 12 capture id, 14 auth key, 15 payload, 17 correlation id; each chunk's length
 * counts its 6-byte header; all integers in network byte order).
 */
class HepPacketTest {
    static final String SIP = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: xy\r\n\r\n";

    @Test
    void goldenPacketFieldByField() {
        CapturedMessage m = new CapturedMessage(MessageTap.Direction.IN, Transport.UDP,
            new InetSocketAddress("10.0.0.2", 5060), new InetSocketAddress("192.168.1.10", 5070),
            SIP.getBytes(StandardCharsets.US_ASCII), 1_700_000_000_123_456L);
        byte[] packet = HepPacket.encode(m, 2001, "pw");
        String golden = String.join("",
            "48455033", "009b",                        // "HEP3", total length 155
            "0000" + "0001" + "0007" + "02",           // IP family: 2 = IPv4
            "0000" + "0002" + "0007" + "11",           // IP protocol: 17 = UDP
            "0000" + "0003" + "000a" + "c0a8010a",     // IPv4 source 192.168.1.10 (the peer: it came in)
            "0000" + "0004" + "000a" + "0a000002",     // IPv4 destination 10.0.0.2 (us)
            "0000" + "0007" + "0008" + "13ce",         // source port 5070
            "0000" + "0008" + "0008" + "13c4",         // destination port 5060
            "0000" + "0009" + "000a" + "6553f100",     // seconds 1700000000
            "0000" + "000a" + "000a" + "0001e240",     // microseconds 123456
            "0000" + "000b" + "0007" + "01",           // protocol type: 1 = SIP
            "0000" + "000c" + "000a" + "000007d1",     // capture agent id 2001
            "0000" + "000e" + "0008" + "7077",         // authentication key "pw"
            "0000" + "000f" + "002e" + HexFormat.of().formatHex(SIP.getBytes(StandardCharsets.US_ASCII)), // payload, 40 bytes
            "0000" + "0011" + "0008" + "7879");        // correlation id: the Call-ID "xy"
        assertThat(HexFormat.of().formatHex(packet)).isEqualTo(golden);
        assertThat(packet.length).isEqualTo(0x9b);
    }

    @Test
    void ipv6AndTcpAndNoPassword() {
        CapturedMessage m = new CapturedMessage(MessageTap.Direction.OUT, Transport.TLS,
            new InetSocketAddress("::1", 5061), new InetSocketAddress("::1", 40000), SIP.getBytes(StandardCharsets.US_ASCII), 0);
        byte[] p = HepPacket.encode(m, 1, null);
        String hex = HexFormat.of().formatHex(p);
        assertThat(hex).startsWith("48455033").contains("0000000100070a").contains("0000000200070" + "6")
            .contains("000000050016" + "0".repeat(31) + "1").contains("00000007000813c5").doesNotContain("0000000e");
        assertThat(((p[4] & 0xff) << 8) | (p[5] & 0xff)).isEqualTo(p.length);
    }
}
