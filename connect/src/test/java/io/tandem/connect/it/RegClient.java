package io.tandem.connect.it;

import io.tandem.processor.Transport;
import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.auth.DigestClient;
import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written SIP client over a plain {@link DatagramSocket} or {@link Socket}, for what SIPp
 * cannot do: SHA-256 digest, answering an old challenge after a pause, replaying a nonce count,
 * several Contacts in one REGISTER. It sends text (LF or CRLF line ends) and reads responses.
 */
final class RegClient implements AutoCloseable {
    private static final AtomicInteger BRANCHES = new AtomicInteger();

    private final Transport transport;
    private final InetSocketAddress server;
    private final DatagramSocket udp;
    private final Socket tcp;
    private final String callId = UUID.randomUUID() + "@reg-client";
    private int cseq;
    private String domain = RegWorld.DOMAIN;

    private RegClient(Transport transport, InetSocketAddress server, int localPort) throws IOException {
        this.transport = transport;
        this.server = server;
        if (transport == Transport.UDP) {
            udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
            udp.setSoTimeout(5000);
            tcp = null;
        } else {
            udp = null;
            tcp = new Socket();
            tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            tcp.connect(server, 2000);
            tcp.setSoTimeout(5000);
        }
    }

    static RegClient udp(InetSocketAddress server) throws IOException {
        return new RegClient(Transport.UDP, server, 0);
    }

    /** Over UDP from {@code localPort} of 127.0.0.1 (e.g. the port a SIPp callee takes afterwards). */
    static RegClient udp(InetSocketAddress server, int localPort) throws IOException {
        return new RegClient(Transport.UDP, server, localPort);
    }

    static RegClient tcp(InetSocketAddress server) throws IOException {
        return new RegClient(Transport.TCP, server, 0);
    }

    /**
     * A whole registration: REGISTER, the 401, the REGISTER answering its first (most preferred)
     * challenge; the final response.
     */
    SipResponse registerWithDigest(String user, String password, String contactUri, int expires) throws IOException {
        String contact = "Contact: <" + contactUri + ">";
        SipResponse challenge = send(register(user, contact, "Expires: " + expires));
        if (challenge.status() != 401) {
            throw new AssertionError("expected a 401 challenge, got\n" + challenge);
        }
        return send(register(user, contact, "Expires: " + expires,
            authorization(challenges(challenge).get(0), user, password, 1, requestUri())));
    }

    /** The local port (the source port the server observes). */
    int port() {
        return udp != null ? udp.getLocalPort() : tcp.getLocalPort();
    }

    Transport transport() {
        return transport;
    }

    /** Registers in {@code host} (e.g. the server's own address) instead of {@link RegWorld#DOMAIN}. */
    RegClient domain(String host) {
        this.domain = host;
        return this;
    }

    /** The Request-URI of this client's REGISTERs. */
    String requestUri() {
        return "sip:" + domain;
    }

    /**
     * A REGISTER of {@code user} in this client's domain (see {@link #domain}) in its registration
     * dialog (same Call-ID, next CSeq), with a new branch; {@code headers} are extra header lines
     * (Contact, Expires, Authorization...).
     */
    String register(String user, String... headers) {
        StringBuilder sb = new StringBuilder()
            .append("REGISTER ").append(requestUri()).append(" SIP/2.0\r\n")
            .append("Via: SIP/2.0/").append(transport.name()).append(" 127.0.0.1:").append(port())
            .append(";branch=z9hG4bK-reg-").append(BRANCHES.incrementAndGet()).append(";rport\r\n")
            .append("From: <sip:").append(user).append('@').append(domain).append(">;tag=reg").append(port()).append("\r\n")
            .append("To: <sip:").append(user).append('@').append(domain).append(">\r\n")
            .append("Call-ID: ").append(callId).append("\r\n")
            .append("CSeq: ").append(++cseq).append(" REGISTER\r\n")
            .append("Max-Forwards: 70\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Content-Length: 0\r\n\r\n").toString();
    }

    /** Sends a request and returns its final response (provisional ones are skipped). */
    SipResponse send(String request) throws IOException {
        write(request);
        while (true) {
            SipMessage m = receive();
            if (m instanceof SipResponse r && r.status() >= 200) {
                return r;
            }
        }
    }

    /** Sends one message to the server. */
    void write(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, server));
        } else {
            tcp.getOutputStream().write(bytes);
            tcp.getOutputStream().flush();
        }
    }

    /** The next request the server sends this client (e.g. an INVITE to a registered contact). */
    SipRequest receiveRequest() throws IOException {
        while (true) {
            if (receive() instanceof SipRequest r) {
                return r;
            }
        }
    }

    /** Answers {@code req} with a response without body (a callee's answer, RFC 3261 §8.2.6). */
    void respond(SipRequest req, int status, String reason, String toTag) throws IOException {
        StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : req.headers("Via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(req.header("From")).append("\r\n")
            .append("To: ").append(req.header("To")).append(req.to().tag() == null && toTag != null ? ";tag=" + toTag : "").append("\r\n")
            .append("Call-ID: ").append(req.callId()).append("\r\n")
            .append("CSeq: ").append(req.header("CSeq")).append("\r\n")
            .append("Content-Length: 0\r\n\r\n");
        write(sb.toString());
    }

    private SipMessage receive() throws IOException {
        try {
            if (udp != null) {
                byte[] buf = new byte[65535];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                return SipParser.parseDatagram(buf, 0, p.getLength());
            }
            return readFrame(tcp.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response from the server within 5 s", e);
        }
    }

    /** One message of a TCP stream: the head up to the blank line, then Content-Length bytes. */
    private static SipMessage readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue; // keep-alive CRLFs between messages
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Length") || name.equals("l")) {
                    length = Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
        }
        byte[] body = in.readNBytes(length);
        head.write(body);
        byte[] all = head.toByteArray();
        return SipParser.parseFrame(all, 0, all.length);
    }

    /** The digest challenges of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate), in order. */
    static List<DigestChallenge> challenges(SipResponse r) {
        List<DigestChallenge> out = new ArrayList<>();
        String name = r.status() == 407 ? "Proxy-Authenticate" : "WWW-Authenticate";
        for (String v : r.headers(name)) {
            out.add(DigestChallenge.parse(v));
        }
        return out;
    }

    /** The challenge with this algorithm token among those of {@code r}. */
    static DigestChallenge challenge(SipResponse r, String algorithm) {
        return challenges(r).stream().filter(c -> algorithm.equalsIgnoreCase(c.algorithmName())).findFirst()
            .orElseThrow(() -> new AssertionError("no " + algorithm + " challenge in\n" + r));
    }

    /** An Authorization header line answering {@code ch} for a REGISTER to {@code sip:DOMAIN}. */
    static String authorization(DigestChallenge ch, String user, String password, long nc) {
        return authorization(ch, user, password, nc, "sip:" + RegWorld.DOMAIN);
    }

    /** An Authorization header line answering {@code ch} for a REGISTER to {@code uri} (qop=auth). */
    static String authorization(DigestChallenge ch, String user, String password, long nc, String uri) {
        DigestCredentials c = DigestClient.respond(ch, user, password, "REGISTER", uri,
            new byte[0], "cn" + UUID.randomUUID().toString().substring(0, 8), nc);
        return "Authorization: " + c;
    }

    /** An Authorization header line without qop (RFC 2069 style: no cnonce, no nonce count). */
    static String authorizationWithoutQop(DigestChallenge ch, String user, String password) {
        DigestCredentials c = DigestClient.respond(ch, user, password, "REGISTER", "sip:" + RegWorld.DOMAIN,
            new byte[0], null, 0, null);
        return "Authorization: " + c;
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }
}
