package io.tandem.media;

import io.tandem.processor.Target;
import io.tandem.processor.Transport;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How media is offered to one leg of a call, from the transport the leg's signalling uses: a
 * WebSocket leg (RFC 7118) is a browser, which requires DTLS-SRTP with ICE and rtcp-mux
 * (RFC 8827 §6.5, RFC 8834 §5, RFC 8835 §3.4); any other is a phone or a carrier, which expects
 * plain RTP/AVP without ICE (RFC 3551).
 */
public enum LegProfile {
    /** RTP/AVP, no ICE, no DTLS, RTCP on its own port. */
    PLAIN,
    /** UDP/TLS/RTP/SAVPF, ICE (full, rtpengine's candidates), DTLS passive, rtcp-mux required. */
    WEBRTC;

    public static LegProfile of(Transport t) {
        return t == Transport.WS || t == Transport.WSS ? WEBRTC : PLAIN;
    }

    /**
     * The transport of a branch toward {@code target}: the next hop's, else the first Route's,
     * else the Request-URI's ({@code transport=} parameter; {@code sips:} is TLS); UDP when none says.
     */
    public static Transport transportOf(Target target) {
        Transport t = transportOf(target.nextHop());
        if (t == null && !target.routeSet().isEmpty()) {
            String route = target.routeSet().get(0);
            int lt = route.indexOf('<');
            int gt = route.indexOf('>');
            try {
                t = transportOf(SipUri.parse(lt >= 0 && gt > lt ? route.substring(lt + 1, gt) : route));
            } catch (RuntimeException e) {
                t = null;
            }
        }
        if (t == null) {
            t = transportOf(target.requestUri());
        }
        return t == null ? Transport.UDP : t;
    }

    private static Transport transportOf(Uri uri) {
        if (!(uri instanceof SipUri sip)) {
            return null;
        }
        Transport t = Transport.of(sip.transport());
        return t == null && sip.secure() ? Transport.TLS : t;
    }

    /**
     * The ng parameters that make rtpengine present media this way to the leg, in an offer
     * ({@code answer} false) or an answer. Toward WebRTC, rtpengine offers {@code setup:actpass}
     * and answers {@code setup:active} (RFC 5763 §5: the answerer SHOULD be active; a passive
     * answer leaves a Chromium that had offered actpass waiting for a ClientHello that rtpengine,
     * active since the offer, already sent).
     */
    public Map<String, Object> ngParameters(boolean answer) {
        return answer ? (this == WEBRTC ? Params.WEBRTC_ANSWER : Params.PLAIN_ANSWER)
            : this == WEBRTC ? Params.WEBRTC_OFFER : Params.PLAIN_OFFER;
    }

    /** The four dictionaries, built once (they were built for every offer and answer). */
    private static final class Params {
        static final Map<String, Object> PLAIN_OFFER = PLAIN.build(false);
        static final Map<String, Object> PLAIN_ANSWER = PLAIN.build(true);
        static final Map<String, Object> WEBRTC_OFFER = WEBRTC.build(false);
        static final Map<String, Object> WEBRTC_ANSWER = WEBRTC.build(true);
    }

    private Map<String, Object> build(boolean answer) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (this == WEBRTC) {
            m.put("transport-protocol", "UDP/TLS/RTP/SAVPF");
            m.put("ICE", "force");
            m.put("DTLS", answer ? "active" : "passive");
            m.put("SDES", List.of("off"));
            m.put("rtcp-mux", List.of("offer", "require"));
        } else {
            m.put("transport-protocol", "RTP/AVP");
            m.put("ICE", "remove");
            m.put("DTLS", "off");
            m.put("rtcp-mux", List.of("demux"));
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
