package io.tandem.media;

/**
 * One anchored call, as the middleware knows it: the Call-ID rtpengine files it under, the tag of
 * the party whose INVITE opened it, where the offer/answer exchange (RFC 3264 §4) stands, the
 * profile of each party's leg and whether rtpengine records it. For a late offer (the offer comes
 * from the callee) also what the early offer takes from the INVITE's source: where the INVITE's
 * branch was sent ({@code calleeHost}, the address the callee's 18x/2xx comes from; null while
 * unknown or when branches went to several) and whether rtpengine is to use it over the SDP's
 * {@code c=} ({@code sipSource}, the {@code nat} policy). Immutable: each step is a new value.
 */
public record MediaCall(String callId, String callerTag, State state, LegProfile callerLeg, LegProfile calleeLeg, boolean record,
                        String calleeHost, boolean sipSource) {
    /** {@link #calleeHost} once branches went to more than one address: which one answers is not known. */
    private static final String SEVERAL = "";

    /**
     * OFFERED (an INVITE or UPDATE carried the offer) → ANSWERED; AWAITING_OFFER (an INVITE without
     * SDP, RFC 3261 §13.2.1: the offer comes in the 18x/2xx) → OFFERED_IN_RESPONSE (the answer comes
     * in the ACK or PRACK) → ANSWERED; from ANSWERED a re-INVITE or UPDATE starts again (RFC 3264 §8);
     * ended: removed.
     */
    public enum State { OFFERED, ANSWERED, AWAITING_OFFER, OFFERED_IN_RESPONSE }

    public static MediaCall offered(String callId, String callerTag, LegProfile callerLeg, LegProfile calleeLeg, boolean record) {
        return new MediaCall(callId, callerTag, State.OFFERED, callerLeg, calleeLeg, record, null, false);
    }

    public static MediaCall awaitingOffer(String callId, String callerTag, LegProfile callerLeg, LegProfile calleeLeg, boolean record) {
        return awaitingOffer(callId, callerTag, callerLeg, calleeLeg, record, false);
    }

    /** {@code sipSource}: the offer, when it comes, is to be anchored on the address it came from (policy {@code nat}). */
    public static MediaCall awaitingOffer(String callId, String callerTag, LegProfile callerLeg, LegProfile calleeLeg, boolean record,
                                          boolean sipSource) {
        return new MediaCall(callId, callerTag, State.AWAITING_OFFER, callerLeg, calleeLeg, record, null, sipSource);
    }

    /** A branch of the INVITE went to {@code host}: the first names the callee's address, a second elsewhere makes it unknown. */
    public MediaCall sentTo(String host) {
        String h = calleeHost == null ? host : calleeHost.equals(host) ? calleeHost : SEVERAL;
        return h.equals(calleeHost) ? this : new MediaCall(callId, callerTag, state, callerLeg, calleeLeg, record, h, sipSource);
    }

    /** The address the callee's messages come from, or null when unknown. */
    public String calleeSource() {
        return calleeHost == null || calleeHost.isEmpty() ? null : calleeHost;
    }

    public MediaCall answered() {
        return with(State.ANSWERED);
    }

    public MediaCall reoffered() {
        return with(State.OFFERED);
    }

    /** A re-INVITE without SDP (RFC 3261 §14.1: the offer comes in its 2xx). */
    public MediaCall awaitingOffer() {
        return with(State.AWAITING_OFFER);
    }

    public MediaCall offeredInResponse() {
        return with(State.OFFERED_IN_RESPONSE);
    }

    /** Whether the offer/answer is a late one: the offer in a response, the answer in the ACK or PRACK. */
    public boolean late() {
        return state == State.AWAITING_OFFER || state == State.OFFERED_IN_RESPONSE;
    }

    /** The leg of the party whose tag is {@code tag}: the caller's (the tag of the INVITE's From), else the callee's. */
    public LegProfile legOf(String tag) {
        return callerTag != null && callerTag.equals(tag) ? callerLeg : calleeLeg;
    }

    private MediaCall with(State s) {
        return s == state ? this : new MediaCall(callId, callerTag, s, callerLeg, calleeLeg, record, calleeHost, sipSource);
    }
}
