package io.tandem.edgeport.it;

import io.tandem.processor.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the SIPp processes of the tests: free on both UDP and TCP, below the kernel's ephemeral
 * range (so that no outbound connection of the EdgePort takes one meanwhile), and never handed out
 * twice in one JVM so that tests do not collide.
 */
final class Ports {
    private static final int LOW = 20000;
    private static final int HIGH = 32000;
    private static final AtomicInteger NEXT = new AtomicInteger(LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW));

    private Ports() {
    }

    /** A port free on 127.0.0.1 for UDP and TCP. */
    static int free() {
        for (int tries = 0; tries < HIGH - LOW; tries++) {
            int p = LOW + Math.floorMod(NEXT.getAndIncrement() - LOW, HIGH - LOW);
            if (isFree(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port in " + LOW + "-" + HIGH);
    }

    private static boolean isFree(int port) {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.setReuseAddress(false);
            tcp.bind(a);
            udp.bind(a);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * True if some socket is bound to {@code port}: a UDP socket, or a listening TCP one. Read
     * from /proc/net (binding the port ourselves to find out would race with SIPp's own bind).
     */
    static boolean isBound(Transport t, int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<String> files = t == Transport.UDP ? List.of("/proc/net/udp", "/proc/net/udp6") : List.of("/proc/net/tcp", "/proc/net/tcp6");
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.exists(p)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p)) {
                    String[] cols = line.trim().split("\\s+");
                    // sl local_address rem_address st ...; TCP state 0A is LISTEN, UDP sockets show 07
                    if (cols.length > 3 && cols[1].endsWith(hexPort) && (t == Transport.UDP || cols[3].equals("0A"))) {
                        return true;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }
}
