package io.tandem.media;

/**
 * One anchored call, as the middleware knows it: the Call-ID rtpengine files it under, the tag of
 * the party whose offer opened it, and where the offer/answer exchange (RFC 3264 §4) stands.
 * Immutable: each step is a new value.
 */
public record MediaCall(String callId, String callerTag, State state) {
    /** OFFERED → ANSWERED (→ OFFERED again on a re-INVITE or UPDATE with SDP, RFC 3264 §8) → ended (removed). */
    public enum State { OFFERED, ANSWERED }

    public static MediaCall offered(String callId, String callerTag) {
        return new MediaCall(callId, callerTag, State.OFFERED);
    }

    public MediaCall answered() {
        return new MediaCall(callId, callerTag, State.ANSWERED);
    }

    public MediaCall reoffered() {
        return new MediaCall(callId, callerTag, State.OFFERED);
    }
}
