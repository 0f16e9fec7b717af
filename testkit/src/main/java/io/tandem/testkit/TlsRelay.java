package io.tandem.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Carries a TCP connection over TLS or back, byte for byte, because Debian's SIPp is built without
 * TLS: {@link #plainToTls} lets a SIPp caller on TCP reach the EdgePort's TLS listener, and
 * {@link #tlsToPlain} lets the EdgePort open a TLS connection to a SIPp callee on TCP. One
 * connection on one side is one on the other, so connection reuse is seen as it would be.
 */
public final class TlsRelay implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();

    private interface Connector {
        Socket connect() throws IOException;
    }

    private TlsRelay(ServerSocket server, Connector connector) {
        this.server = server;
        Thread.ofVirtual().name("tls-relay-accept-" + server.getLocalPort()).start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    accepted.incrementAndGet();
                    sockets.add(in);
                    Socket out = connector.connect();
                    sockets.add(out);
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    // closed, or the far side refused: the accepted socket is dropped with the relay
                }
            }
        });
    }

    /** Listens for plain TCP on 127.0.0.1:{@code port} and connects each client over TLS to {@code tlsServer}. */
    public static TlsRelay plainToTls(int port, InetSocketAddress tlsServer, SSLContext client) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new TlsRelay(s, () -> {
            SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(tlsServer.getAddress(), tlsServer.getPort());
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the EdgePort's certificate must name 127.0.0.1
            tls.setSSLParameters(p);
            tls.setTcpNoDelay(true);
            tls.startHandshake();
            return tls;
        });
    }

    /** Listens for TLS on 127.0.0.1:{@code port} with the server context and connects each client over TCP to {@code target}. */
    public static TlsRelay tlsToPlain(int port, SSLContext serverCtx, InetSocketAddress target) throws IOException {
        ServerSocket s = serverCtx.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new TlsRelay(s, () -> {
            Socket plain = new Socket(target.getAddress(), target.getPort());
            plain.setTcpNoDelay(true);
            return plain;
        });
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
