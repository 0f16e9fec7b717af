package io.tandem.launcher.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UDP relay between one SIPp (on {@code clientPort}) and Tandem that leaves only the MD5 digest
 * challenges in what reaches SIPp. With its defaults Tandem challenges with SHA-256 first and MD5
 * second (RFC 8760 §2.4); Debian's SIPp 3.6 reads only the first challenge and gives up on
 * SHA-256 ("authentication must use MD5"). The challenges as Tandem sent them are kept
 * ({@link #challenges()}).
 *
 * <p>What comes from the client goes to Tandem from the relay's socket; anything else reaching
 * that socket (responses, and requests for an Agent registered through the relay, whose binding
 * may be the relay's address) goes to the client.
 */
final class Md5OnlyRelay implements AutoCloseable {
    private static final Pattern CHALLENGE = Pattern.compile("(?im)^(?:WWW|Proxy)-Authenticate:[^\\r\\n]*\\r?\\n");

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final InetSocketAddress client;
    private final Thread thread;
    private final List<String> challenges = new CopyOnWriteArrayList<>();

    Md5OnlyRelay(InetSocketAddress server, int clientPort) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.server = server;
        this.client = new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort);
        this.thread = Thread.ofPlatform().daemon().name("md5-relay-" + clientPort).start(this::run);
    }

    /** Where the client sends its requests. */
    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** Every WWW-/Proxy-Authenticate header line Tandem sent, before any was removed. */
    List<String> challenges() {
        return List.copyOf(challenges);
    }

    private void run() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] data = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
                if (p.getSocketAddress().equals(client)) {
                    socket.send(new DatagramPacket(data, data.length, server));
                    continue;
                }
                String text = new String(data, StandardCharsets.ISO_8859_1);
                StringBuilder kept = new StringBuilder();
                Matcher m = CHALLENGE.matcher(text);
                while (m.find()) {
                    String line = m.group().strip();
                    challenges.add(line);
                    m.appendReplacement(kept, Matcher.quoteReplacement(line.matches("(?i).*algorithm=\"?MD5\"?(,.*|\\s*)$") ? m.group() : ""));
                }
                m.appendTail(kept);
                byte[] out = kept.toString().getBytes(StandardCharsets.ISO_8859_1);
                socket.send(new DatagramPacket(out, out.length, client));
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
