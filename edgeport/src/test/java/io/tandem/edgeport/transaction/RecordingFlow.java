package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Test double: records every message sent, with the simulated time; can be told to fail sends. */
final class RecordingFlow implements Flow {
    record Sent(long at, SipMessage message) {
    }

    private final Transport transport;
    private final ManualTimerService clock;
    final List<Sent> sent = new ArrayList<>();
    /** What {@link #forResponse} returns; this flow unless set. */
    Flow responseFlow = this;
    Via forResponseVia;
    boolean failSends;

    RecordingFlow(Transport transport, ManualTimerService clock) {
        this.transport = transport;
        this.clock = clock;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public InetSocketAddress remote() {
        return new InetSocketAddress("192.0.2.10", 5060);
    }

    @Override
    public ListeningPoint local() {
        return new ListeningPoint(transport, "0.0.0.0", 5060, "proxy.example.com", 5060);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public CompletionStage<Void> send(SipMessage message) {
        sent.add(new Sent(clock.nowMillis(), message));
        return failSends ? CompletableFuture.failedFuture(new IOException("connection refused"))
            : CompletableFuture.completedFuture(null);
    }

    @Override
    public Flow forResponse(Via topVia) {
        forResponseVia = topVia;
        return responseFlow;
    }

    int count() {
        return sent.size();
    }

    List<Long> times() {
        return sent.stream().map(Sent::at).toList();
    }

    List<SipMessage> messages() {
        return sent.stream().map(Sent::message).toList();
    }

    SipMessage last() {
        return sent.get(sent.size() - 1).message();
    }
}
