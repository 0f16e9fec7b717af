package io.tandem.edgeport.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A SIP peer on a plain TCP connection: writes hand-written messages and frames what it reads by
 * Content-Length (RFC 3261 §18.3), skipping CRLF keep-alives.
 */
final class TcpPeer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private byte[] pending = new byte[0];
    private boolean eof;

    TcpPeer(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(server, 5000);
        in = socket.getInputStream();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** The next message; fails if none comes in time or the connection closes. */
    Received receive(Duration within) throws IOException {
        Received r = poll(within);
        assertThat(r).as("a message on TCP %d within %s (closed by peer: %s)", localPort(), within, eof).isNotNull();
        return r;
    }

    /** The next message, or null if none is complete in time or the connection closed. */
    Received poll(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Received r = frame();
            if (r != null) {
                return r;
            }
            if (eof || !fill(deadline)) {
                return null;
            }
        }
    }

    /** True if the server closes the connection within the time (data before the close is discarded). */
    boolean closedByPeer(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!eof) {
            if (!fill(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** Reads what is available; false on timeout. */
    private boolean fill(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            return false;
        }
        socket.setSoTimeout((int) left);
        byte[] buf = new byte[8192];
        int n;
        try {
            n = in.read(buf);
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) { // reset
            eof = true;
            return true;
        }
        if (n < 0) {
            eof = true;
            return true;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(pending.length + n);
        all.write(pending, 0, pending.length);
        all.write(buf, 0, n);
        pending = all.toByteArray();
        return true;
    }

    /** One message cut from the front of what was read, or null if it is not complete yet. */
    private Received frame() {
        int start = 0;
        while (start < pending.length && (pending[start] == '\r' || pending[start] == '\n')) {
            start++; // keep-alives
        }
        String s = new String(pending, start, pending.length - start, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) {
            pending = Arrays.copyOfRange(pending, start, pending.length);
            return null;
        }
        int length = 0;
        for (String line : s.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (name.equals("content-length") || name.equals("l")) {
                    length = Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
        }
        int total = end + 4 + length;
        if (s.length() < total) {
            return null;
        }
        byte[] m = Arrays.copyOfRange(pending, start, start + total);
        pending = Arrays.copyOfRange(pending, start + total, pending.length);
        return new Received(new String(m, StandardCharsets.UTF_8), SipParser.parse(m));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
