package io.tandem.media.ng;

import java.util.List;
import java.util.Map;

/**
 * A decoded ng reply: a dictionary with {@code result} ({@code ok}, {@code pong}, {@code error}),
 * {@code error-reason} on errors, {@code sdp} for offer and answer, statistics for query.
 *
 * @param dict the reply as decoded (immutable)
 * @param roundTripNanos from the first send to the reply
 */
public record NgReply(Map<String, Object> dict, long roundTripNanos) {
    public NgReply {
        // Bencode.decode's dictionaries are unmodifiable already: copying each reply again cost a map per command
        dict = dict.getClass() == UNMODIFIABLE ? dict : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dict));
    }

    private static final Class<?> UNMODIFIABLE = java.util.Collections.unmodifiableMap(new java.util.HashMap<>()).getClass();

    public String result() {
        return string("result");
    }

    public String errorReason() {
        return string("error-reason");
    }

    /** The rewritten SDP of an offer or answer; null when absent. */
    public String sdp() {
        byte[] b = sdpBytes();
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The rewritten SDP as the reply's bytes (the decoder keeps {@code sdp} so): the SIP body as is; null when absent. */
    public byte[] sdpBytes() {
        Object v = dict.get("sdp");
        return v instanceof byte[] b ? b : v instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    public String string(String key) {
        return dict.get(key) instanceof String s ? s : null;
    }

    /** The dictionary under {@code path} (e.g. "totals", "RTP"), or an empty one. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String... path) {
        Object v = dict;
        for (String key : path) {
            v = v instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** An integer at {@code path}, or -1. */
    public long number(String... path) {
        if (path.length == 0) {
            return -1;
        }
        Map<String, Object> parent = map(java.util.Arrays.copyOf(path, path.length - 1));
        return parent.get(path[path.length - 1]) instanceof Long n ? n : -1;
    }

    /** A list at {@code key} of the top dictionary, or an empty one. */
    public List<?> list(String key) {
        return dict.get(key) instanceof List<?> l ? l : List.of();
    }
}
