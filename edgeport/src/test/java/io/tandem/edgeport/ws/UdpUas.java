package io.tandem.edgeport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A UAS on a plain UDP socket, for what a SIPp scenario cannot express (a BYE whose answer is not known in advance). */
final class UdpUas implements AutoCloseable {
    final DatagramSocket socket;
    InetSocketAddress lastSender;

    UdpUas() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(String text, InetSocketAddress to) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    /** The next message, or null if none comes in time. */
    SipMessage poll(Duration within) throws IOException {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout((int) Math.max(1, within.toMillis()));
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        lastSender = (InetSocketAddress) p.getSocketAddress();
        return SipParser.parse(Arrays.copyOf(p.getData(), p.getLength()));
    }

    SipRequest request(String method, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            SipMessage m = left <= 0 ? null : poll(Duration.ofMillis(left));
            assertThat(m).as("%s at the UAS within %s", method, within).isNotNull();
            if (m instanceof SipRequest r && r.method().name().equals(method)) {
                return r;
            }
        }
    }

    /** A response to {@code req} (§8.2.6 and §12.1.1: Record-Route copied), with a To tag and extra header lines. */
    static String respond(SipRequest req, String statusLine, String toTag, String... extra) {
        List<String> h = new ArrayList<>();
        for (String v : req.headers("Via")) {
            h.add("Via: " + v);
        }
        h.add("From: " + req.header("From"));
        h.add("To: " + req.header("To") + (req.to().tag() == null && toTag != null ? ";tag=" + toTag : ""));
        h.add("Call-ID: " + req.callId());
        h.add("CSeq: " + req.header("CSeq"));
        for (String rr : req.headers("Record-Route")) {
            h.add("Record-Route: " + rr);
        }
        h.addAll(List.of(extra));
        return SipText.message(statusLine, h, "");
    }

    @Override
    public void close() {
        socket.close();
    }
}
