package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.ManualTimerService;
import io.tandem.edgeport.transaction.ServerTransaction;
import io.tandem.edgeport.transaction.TimerService;
import io.tandem.edgeport.transaction.TimerSettings;
import io.tandem.edgeport.transaction.TransactionLayer;
import io.tandem.edgeport.transaction.TransactionUser;
import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.Decision;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The forking logic (ResponseContext, Branch) over a real transaction layer on a manual clock,
 * behind a test {@link ProxyPort}: no sockets, no DNS, no SIPp. Each target's host names a
 * recording flow; what went upstream and every CANCEL are recorded.
 */
final class PortFixture implements ProxyPort, TransactionUser {
    static final String OUR_HOST = "proxy.test";

    final ManualTimerService clock = new ManualTimerService();
    final TransactionLayer layer = new TransactionLayer(clock, TimerSettings.DEFAULT, this);
    final Recording caller = new Recording("caller.test");
    final Map<String, Recording> callees = new LinkedHashMap<>();
    final List<SipResponse> upstream = new ArrayList<>();
    final List<SipRequest> cancels = new ArrayList<>();
    final List<String> started = new ArrayList<>();
    private final List<Runnable> later = new ArrayList<>();
    ServerTransaction server;
    ResponseContext context;
    boolean done;
    private int branches;

    /** An INVITE (or {@code method}) from the caller, its server transaction and response context, forwarded as {@code fw}. */
    ResponseContext forward(String method, Decision.Forward fw) {
        SipRequest req = request(method);
        layer.onRequest(req, caller);
        SipRequest base = req.edit().decrementMaxForwards().build();
        MessageContext mc = new MessageContext("edge", req, Transport.UDP, "192.0.2.1", 5060, caller.local(), List.of(caller.local()),
            List.of(), List.of());
        context = new ResponseContext(this, server, base, mc);
        context.loopHash = "lh";
        context.start(fw);
        runLater();
        return context;
    }

    /** Runs what the port deferred (branch starts complete later, never inside the caller). */
    void runLater() {
        while (!later.isEmpty()) {
            List<Runnable> now = new ArrayList<>(later);
            later.clear();
            now.forEach(Runnable::run);
        }
    }

    Recording callee(String host) {
        return callees.computeIfAbsent(host, Recording::new);
    }

    /** The last request sent to {@code host}. */
    SipRequest sentTo(String host) {
        List<SipMessage> m = callee(host).sent;
        return (SipRequest) m.get(m.size() - 1);
    }

    /** {@code host} answers its last request with {@code status} (a To tag per callee). */
    void answer(String host, int status, String... headers) {
        SipRequest r = sentTo(host);
        var e = SipResponse.forRequest(r, status, "R" + status).edit();
        if (status > 100) {
            e.toTag("tag-" + host.charAt(0));
        }
        for (int i = 0; i < headers.length; i += 2) {
            e.add(headers[i], headers[i + 1]);
        }
        layer.onResponse(e.build(), callee(host));
        runLater();
    }

    List<Integer> upstreamStatuses() {
        return upstream.stream().map(SipResponse::status).toList();
    }

    static SipRequest request(String method) {
        String text = String.join("\r\n",
            method + " sip:bob@example.com SIP/2.0",
            "Via: SIP/2.0/UDP caller.test:5060;branch=z9hG4bK-caller1",
            "Max-Forwards: 70",
            "From: Alice <sip:alice@example.com>;tag=a1",
            "To: Bob <sip:bob@example.com>",
            "Call-ID: fork-1@caller.test",
            "CSeq: 1 " + method,
            "Contact: <sip:alice@caller.test>",
            "Content-Length: 0", "", "");
        return (SipRequest) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- TransactionUser

    @Override
    public void onRequest(ServerTransaction tx, SipRequest request) {
        server = tx;
    }

    @Override
    public void onAck(SipRequest ack, Flow flow) {
    }

    @Override
    public void onStrayResponse(SipResponse response, Flow flow) {
    }

    // ---------------------------------------------------------------- ProxyPort

    @Override
    public TimerService timers() {
        return clock;
    }

    @Override
    public TimerSettings timerSettings() {
        return TimerSettings.DEFAULT;
    }

    @Override
    public void startBranch(Branch b) {
        later.add(() -> {
            String host = ((io.tandem.sip.uri.SipUri) b.target.requestUri()).host();
            started.add(host);
            if (host.startsWith("unreachable")) {
                b.failed(503);
                return;
            }
            SipRequest out = b.context.base.edit().requestUri(b.target.requestUri())
                .pushVia(Via.of("UDP", OUR_HOST, 5060, "z9hG4bK-b" + (++branches))).build();
            Recording flow = callee(host);
            b.started(out, flow, layer.sendRequest(out, flow, b));
        });
    }

    @Override
    public boolean resendWithCredentials(Branch b, SipResponse challenge) {
        SipRequest retry = Branch.withCredentials(b.request, challenge, b.target.credentials(), "z9hG4bK-b" + (++branches));
        if (retry == null) {
            return false;
        }
        b.started(retry, b.flow, layer.sendRequest(retry, b.flow, b));
        return true;
    }

    @Override
    public void sendCancel(Branch b) {
        cancels.add(Cancels.forInvite(b.request));
    }

    @Override
    public void relay(ResponseContext ctx, SipResponse response) {
        upstream.add(response);
        ctx.server.sendResponse(response);
    }

    @Override
    public SipResponse synthesize(SipRequest req, int status) {
        return SipResponse.forRequest(req, status, LocalResponses.reasonOf(status)).edit().toTag("ours").build();
    }

    @Override
    public void contextDone(ResponseContext ctx) {
        done = true;
    }

    @Override
    public boolean isOwnVia(Via via) {
        return OUR_HOST.equals(via.host());
    }

    /** A flow that records what is sent over it. */
    static final class Recording implements Flow {
        final String host;
        final List<SipMessage> sent = new ArrayList<>();

        Recording(String host) {
            this.host = host;
        }

        @Override
        public Transport transport() {
            return Transport.UDP;
        }

        @Override
        public InetSocketAddress remote() {
            return InetSocketAddress.createUnresolved(host, 5060);
        }

        @Override
        public ListeningPoint local() {
            return new ListeningPoint(Transport.UDP, "0.0.0.0", 5060, OUR_HOST, 5060);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public CompletionStage<Void> send(SipMessage message) {
            sent.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Flow forResponse(Via topVia) {
            return this;
        }
    }
}
