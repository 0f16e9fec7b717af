package io.tandem.edgeport.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipParser;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** A SIP peer on a plain UDP socket at 127.0.0.1: sends hand-written messages, reads and parses what comes. */
final class UdpPeer implements AutoCloseable {
    private final DatagramSocket socket;
    /** Where the last datagram came from. */
    InetSocketAddress lastSender;

    UdpPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(String text, InetSocketAddress to) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    /** The next datagram, parsed; fails if none comes in time. */
    Received receive(Duration within) throws IOException {
        Received r = poll(within);
        assertThat(r).as("a datagram on UDP %d within %s", port(), within).isNotNull();
        return r;
    }

    /** The next datagram, or null if none comes in time. */
    Received poll(Duration within) throws IOException {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout((int) Math.max(1, within.toMillis()));
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        lastSender = (InetSocketAddress) p.getSocketAddress();
        byte[] b = Arrays.copyOf(p.getData(), p.getLength());
        String text = new String(b, StandardCharsets.UTF_8);
        return new Received(text, SipParser.parse(b));
    }

    /** The next response with this status, skipping others (e.g. retransmissions); fails if none comes in time. */
    Received receiveStatus(int status, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        StringBuilder seen = new StringBuilder();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            Received r = left <= 0 ? null : poll(Duration.ofMillis(left));
            if (r == null) {
                throw new AssertionError("no " + status + " within " + within + "; saw:\n" + seen);
            }
            if (r.message() instanceof io.tandem.sip.message.SipResponse resp && resp.status() == status) {
                return r;
            }
            seen.append(r.startLine()).append('\n');
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
