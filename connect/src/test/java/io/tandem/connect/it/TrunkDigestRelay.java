package io.tandem.connect.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A UDP relay between one SIPp (an Agent on {@code clientPort}) and the EdgePort that removes the
 * SHA-256 digest challenges from what reaches SIPp; bound to another loopback address
 * ({@link #of(InetSocketAddress, int, InetAddress)}), it also makes the SIPp's requests reach the
 * EdgePort from that address (the testkit runs every SIPp on 127.0.0.1). Connect offers SHA-256 first and MD5 second
 * (RFC 8760 §2.4), but the SIPp of Debian (3.6.1) only computes MD5 and gives up with "authentication
 * must use MD5 or AKAv1-MD5" when the first challenge is another algorithm; with only the MD5
 * challenge left it answers, and Connect accepts MD5.
 *
 * <p>Whatever comes from the client goes to the EdgePort from the relay's socket; whatever else
 * comes to that socket (responses, and requests for the Agent registered through the relay, whose
 * binding is the relay's address) goes to the client.
 */
final class TrunkDigestRelay implements AutoCloseable {
    private static final Pattern SHA256_CHALLENGE =
        Pattern.compile("(?im)^(WWW|Proxy)-Authenticate:[^\\r\\n]*algorithm=\"?SHA-256[^\\r\\n]*\\r\\n");
    private static final List<TrunkDigestRelay> OPEN = new ArrayList<>();

    private final DatagramSocket socket;
    private final InetSocketAddress edge;
    private final InetSocketAddress client;
    private final Thread thread;

    private TrunkDigestRelay(InetSocketAddress edge, int clientPort, InetAddress bind) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(bind, 0));
        this.edge = edge;
        this.client = new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort);
        this.thread = Thread.ofPlatform().daemon().name("digest-relay-" + clientPort).start(this::run);
    }

    /** The relay for the SIPp on {@code clientPort} (opened on first use), closed by {@link #closeAll()}. */
    static TrunkDigestRelay of(InetSocketAddress edge, int clientPort) throws SocketException {
        return of(edge, clientPort, InetAddress.getLoopbackAddress());
    }

    /** {@link #of(InetSocketAddress, int)} with the relay's socket on {@code bind}: the source the EdgePort sees. */
    static synchronized TrunkDigestRelay of(InetSocketAddress edge, int clientPort, InetAddress bind) throws SocketException {
        for (TrunkDigestRelay r : OPEN) {
            if (r.edge.equals(edge) && r.client.getPort() == clientPort && r.socket.getLocalAddress().equals(bind)) {
                return r;
            }
        }
        TrunkDigestRelay r = new TrunkDigestRelay(edge, clientPort, bind);
        OPEN.add(r);
        return r;
    }

    /** Closes every relay (from {@code @AfterEach}). */
    static synchronized void closeAll() {
        for (TrunkDigestRelay r : OPEN) {
            r.close();
        }
        OPEN.clear();
    }

    /** Where the client sends its requests. */
    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void run() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] data = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
                if (p.getSocketAddress().equals(client)) {
                    socket.send(new DatagramPacket(data, data.length, edge));
                } else {
                    String text = new String(data, StandardCharsets.ISO_8859_1);
                    byte[] out = SHA256_CHALLENGE.matcher(text).replaceAll("").getBytes(StandardCharsets.ISO_8859_1);
                    socket.send(new DatagramPacket(out, out.length, client));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
