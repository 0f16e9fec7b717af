package io.tandem.media;

import io.tandem.processor.MessageContext;
import java.util.Locale;

/**
 * When a call's media goes through rtpengine. Decided on the initial INVITE; the rest of the
 * call (answers, re-INVITEs, UPDATEs, the delete) follows what was decided then.
 */
public enum AnchorPolicy {
    /** Every call with an SDP offer. */
    ALWAYS,
    /** A call with a WebRTC leg: the caller or the callee on WS/WSS, or an offer using DTLS-SRTP/ICE. */
    WEBRTC,
    /**
     * A call whose offer names another address than the one the request came from (the caller is
     * behind NAT, RFC 3235 §4.1): rtpengine learns the real address from the media (latching).
     */
    NAT,
    /** No call: the middleware passes everything on. */
    NEVER;

    /** The policy named {@code always}, {@code webrtc}, {@code nat} or {@code never}. */
    public static AnchorPolicy of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether a new call from {@code caller} with {@code offer} toward a leg of {@code callee} is
     * anchored; {@code offer} null for an INVITE without SDP (a late offer), for which {@code nat}
     * looks at the top Via's sent-by instead (RFC 3581 §4: a NATed client's differs from its source).
     */
    public boolean anchors(MessageContext caller, Sdp offer, LegProfile callee) {
        return switch (this) {
            case ALWAYS -> true;
            case WEBRTC -> callee == LegProfile.WEBRTC || LegProfile.of(caller.transport()) == LegProfile.WEBRTC
                || offer != null && offer.webRtc();
            case NAT -> offer == null ? !sameHost(caller.request().topVia().host(), caller.sourceHost())
                : offer.connectionAddress() != null && !sameHost(offer.connectionAddress(), caller.sourceHost());
            case NEVER -> false;
        };
    }

    private static boolean sameHost(String a, String b) {
        return io.tandem.processor.OwnAddresses.normalize(a).equals(io.tandem.processor.OwnAddresses.normalize(b));
    }
}
