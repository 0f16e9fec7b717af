package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.List;

/** Test double for both the TU and a client transaction listener: records every callback as an event. */
final class Recorder implements TransactionUser, ClientTransactionListener {
    record Event(String kind, long at, Object subject, Object message, String detail) {
    }

    private final ManualTimerService clock;
    final List<Event> events = new ArrayList<>();
    /** Run on onRequest, e.g. to answer at once. */
    java.util.function.BiConsumer<ServerTransaction, SipRequest> onRequest = (tx, r) -> { };

    Recorder(ManualTimerService clock) {
        this.clock = clock;
    }

    private void add(String kind, Object subject, Object message, String detail) {
        events.add(new Event(kind, clock.nowMillis(), subject, message, detail));
    }

    @Override
    public void onRequest(ServerTransaction tx, SipRequest request) {
        add("request", tx, request, null);
        onRequest.accept(tx, request);
    }

    @Override
    public void onAck(SipRequest ack, Flow flow) {
        add("ack", flow, ack, null);
    }

    @Override
    public void onStrayResponse(SipResponse response, Flow flow) {
        add("stray", flow, response, null);
    }

    @Override
    public void onServerTransactionFailed(ServerTransaction tx, String why) {
        add("failed", tx, null, why);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse response) {
        add("response", tx, response, Integer.toString(response.status()));
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        add("timeout", tx, null, null);
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
        add("transportError", tx, null, cause.getMessage());
    }

    List<Event> of(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** "kind@time[:detail]" for every event, for compact assertions. */
    List<String> summary() {
        return events.stream().map(e -> e.kind() + "@" + e.at() + (e.detail() == null ? "" : ":" + e.detail())).toList();
    }
}
