package io.tandem.launcher.health;

import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sends a SIP OPTIONS to one of our own listening points, over its own transport, and expects a
 * 200 (RFC 3261 §11): proof that the listener is bound and the whole path (transport, parser,
 * transactions, proxy core) answers. Used by {@code /readyz}.
 */
public final class SelfProbe {
    private static final int TIMEOUT_MS = 2000;

    private SelfProbe() {
    }

    /** Null when the listening point answered 200, else what went wrong. */
    public static String probe(ListeningPoint lp) {
        String host = connectHost(lp.bindHost());
        try {
            String response = switch (lp.transport()) {
                case UDP -> udp(host, lp.port(), lp);
                case TCP -> stream(new Socket(), host, lp.port(), lp);
                case TLS -> stream(trustAll().getSocketFactory().createSocket(), host, lp.port(), lp);
                case WS, WSS -> websocket(host, lp.port(), lp);
            };
            if (response == null) {
                return lp.transport() + " " + lp.port() + ": no answer to OPTIONS within " + TIMEOUT_MS + " ms";
            }
            String statusLine = response.lines().findFirst().orElse("");
            return statusLine.startsWith("SIP/2.0 200") ? null : lp.transport() + " " + lp.port() + ": answered " + statusLine;
        } catch (IOException | RuntimeException e) {
            return lp.transport() + " " + lp.port() + ": " + e;
        }
    }

    private static String connectHost(String bind) {
        String b = bind.startsWith("[") ? bind.substring(1, bind.length() - 1) : bind;
        if (b.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        return b.equals("::") ? "::1" : b;
    }

    static String options(ListeningPoint lp, String host) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String branch = "z9hG4bK-probe" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String via = lp.transport() == Transport.UDP ? "UDP" : lp.transport().viaToken();
        return "OPTIONS sip:" + h + ":" + lp.port() + ";transport=" + lp.transport().uriParam() + " SIP/2.0\r\n"
            + "Via: SIP/2.0/" + via + " " + h + ":9;branch=" + branch + ";rport\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:probe@" + h + ">;tag=" + branch.substring(13) + "\r\n"
            + "To: <sip:" + h + ":" + lp.port() + ">\r\nCall-ID: " + branch + "@probe\r\nCSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";
    }

    private static String udp(String host, int port, ListeningPoint lp) throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(host))) {
            s.setSoTimeout(TIMEOUT_MS);
            byte[] out = options(lp, host).getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(out, out.length, new InetSocketAddress(host, port)));
            byte[] in = new byte[65535];
            DatagramPacket p = new DatagramPacket(in, in.length);
            try {
                s.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            return new String(in, 0, p.getLength(), StandardCharsets.UTF_8);
        }
    }

    private static String stream(Socket s, String host, int port, ListeningPoint lp) throws IOException {
        try (s) {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            if (s instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            OutputStream out = s.getOutputStream();
            out.write(options(lp, host).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            while (!buf.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (java.net.SocketTimeoutException e) {
                    return null;
                }
                if (n < 0) {
                    break;
                }
                buf.write(chunk, 0, n);
            }
            return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The opening handshake and the answer share one deadline. Whatever happens, the connection is
     * aborted and the client shut down without waiting: {@code HttpClient.close()} would wait for an
     * open WebSocket until the server closes it (its idle timeout, 600 s by default).
     */
    private static String websocket(String host, int port, ListeningPoint lp) {
        String scheme = lp.transport() == Transport.WSS ? "wss" : "ws";
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(TIMEOUT_MS));
        if (lp.transport() == Transport.WSS) {
            b.sslContext(trustAll());
        }
        HttpClient client = b.build();
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<WebSocket> opening = null;
        WebSocket ws = null;
        try {
            opening = client.newWebSocketBuilder().subprotocols("sip").connectTimeout(Duration.ofMillis(TIMEOUT_MS))
                .buildAsync(URI.create(scheme + "://" + h + ":" + port + "/"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();
                    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            answer.complete(text.toString());
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket w, java.nio.ByteBuffer data, boolean last) {
                        byte[] chunk = new byte[data.remaining()];
                        data.get(chunk);
                        binary.writeBytes(chunk);
                        if (last) {
                            answer.complete(binary.toString(StandardCharsets.UTF_8));
                        }
                        w.request(1);
                        return null;
                    }
                });
            ws = opening.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            ws.sendText(options(lp, host), true);
            return answer.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("websocket probe interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("websocket probe failed: " + e, e);
        } finally {
            if (ws != null) {
                ws.abort();
            } else if (opening != null) {
                opening.cancel(true);
                opening.thenAccept(WebSocket::abort); // one that opens after all is closed at once
            }
            client.shutdownNow();
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /**
     * Our own certificate may be self-signed, and names the server, not the loopback address the
     * probe dials: the probe checks liveness, not identity. An X509ExtendedTrustManager, so that
     * JSSE adds no host name check of its own (it does around a plain X509TrustManager).
     */
    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
