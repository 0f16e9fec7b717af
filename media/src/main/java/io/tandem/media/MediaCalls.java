package io.tandem.media;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The anchored calls by Call-ID; lock-free per call (a concurrent map), shared by the middleware and the call listener. */
public final class MediaCalls {
    private final Map<String, MediaCall> calls = new ConcurrentHashMap<>();

    public MediaCall get(String callId) {
        return calls.get(callId);
    }

    void put(MediaCall call) {
        calls.put(call.callId(), call);
    }

    /** Applies {@code step} to the call when it is anchored; null when it is not. */
    MediaCall update(String callId, UnaryOperator<MediaCall> step) {
        return calls.computeIfPresent(callId, (k, c) -> step.apply(c));
    }

    /** The call removed, or null when it was not anchored. */
    MediaCall remove(String callId) {
        return calls.remove(callId);
    }

    public int size() {
        return calls.size();
    }
}
