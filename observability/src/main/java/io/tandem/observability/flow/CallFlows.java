package io.tandem.observability.flow;

import io.tandem.observability.capture.CapturedMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The recent calls' messages, both legs and every branch (a proxy keeps the Call-ID), by Call-ID:
 * at most {@code maxCalls} calls (the oldest call is forgotten first) and the first
 * {@code maxMessages} messages of each (the rest counted). Fed by the capture thread; read by the
 * health server. Messages without a Call-ID (unparsable) are not recorded.
 */
public final class CallFlows implements Consumer<CapturedMessage> {
    /** One call's messages, in the order the transports saw them. */
    public record Flow(String callId, List<CapturedMessage> messages, int omitted) {
        public Flow {
            messages = List.copyOf(messages);
        }
    }

    private final int maxMessages;
    private final Map<String, Recorded> calls;

    public CallFlows(int maxCalls, int maxMessages) {
        if (maxCalls < 1 || maxMessages < 1) {
            throw new IllegalArgumentException("a flow record holds at least one call of one message");
        }
        this.maxMessages = maxMessages;
        this.calls = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
                return size() > maxCalls;
            }
        };
    }

    @Override
    public void accept(CapturedMessage m) {
        String callId = m.callId();
        if (callId == null || callId.isEmpty()) {
            return;
        }
        synchronized (calls) {
            Recorded r = calls.computeIfAbsent(callId, k -> new Recorded());
            if (r.messages.size() < maxMessages) {
                r.messages.add(m);
            } else {
                r.omitted++;
            }
        }
    }

    /** The call's messages so far, if it is still remembered. */
    public Optional<Flow> flow(String callId) {
        synchronized (calls) {
            Recorded r = calls.get(callId);
            return r == null ? Optional.empty() : Optional.of(new Flow(callId, r.messages, r.omitted));
        }
    }

    /** The remembered Call-IDs, oldest first. */
    public List<String> callIds() {
        synchronized (calls) {
            return new ArrayList<>(calls.keySet());
        }
    }

    private static final class Recorded {
        final List<CapturedMessage> messages = new ArrayList<>();
        int omitted;
    }
}
