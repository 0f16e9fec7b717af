package io.tandem.edgeport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A SIP user agent's transport over WebSocket (RFC 7118), built on {@link java.net.http.WebSocket}
 * with the "sip" subprotocol: sends one SIP message per text message and queues every SIP
 * message it receives, parsed.
 */
final class WsSipClient implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<SipMessage> received = new LinkedBlockingQueue<>();
    /** Everything received, in order, for failure messages. */
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);
    private WebSocket ws;

    static WsSipClient connect(HttpClient http, URI uri) throws Exception {
        WsSipClient c = new WsSipClient();
        c.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).subprotocols("sip")
            .buildAsync(uri, c).get(10, TimeUnit.SECONDS);
        assertThat(c.ws.getSubprotocol()).as("negotiated subprotocol").isEqualTo("sip");
        return c;
    }

    void send(String message) throws Exception {
        log.add(">>> " + message);
        ws.sendText(message, true).get(5, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            deliver(text.toString());
            text = new StringBuilder();
        }
        w.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        ByteBuffer grown = ByteBuffer.allocate(binary.remaining() + data.remaining());
        grown.put(binary).put(data).flip();
        binary = grown;
        if (last) {
            byte[] b = new byte[binary.remaining()];
            binary.get(b);
            binary = ByteBuffer.allocate(0);
            deliver(new String(b, StandardCharsets.UTF_8));
        }
        w.request(1);
        return null;
    }

    private void deliver(String s) {
        log.add("<<< " + s);
        try {
            received.add(SipText.parse(s));
        } catch (RuntimeException e) {
            log.add("!!! unparsable: " + e);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
        closed.complete(status);
        return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
        log.add("!!! " + error);
        closed.complete(-1);
    }

    /** The next received message that matches, skipping others (e.g. retransmitted 2xx). */
    SipMessage next(Predicate<SipMessage> wanted, String what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SipMessage m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            assertThat(m).as("%s within %s; received so far:%n%s", what, within, String.join("\n", log)).isNotNull();
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /** The next response with this status to a request of this method. */
    SipResponse response(String method, int status) throws InterruptedException {
        return (SipResponse) next(m -> m instanceof SipResponse r && r.status() == status
            && r.cseq().method().name().equals(method), status + " to " + method, Duration.ofSeconds(10));
    }

    /** The next request of this method. */
    SipRequest request(String method) throws InterruptedException {
        return (SipRequest) next(m -> m instanceof SipRequest r && r.method().name().equals(method), method,
            Duration.ofSeconds(10));
    }

    /** The next message whatever it is, or null if none comes within the time. */
    SipMessage poll(Duration within) throws InterruptedException {
        return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
    }
}
