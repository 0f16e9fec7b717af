package io.tandem.media;

import io.tandem.edgeport.log.RateLimitedLog;
import io.tandem.media.ng.NgReply;
import io.tandem.media.ng.RtpEngines;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors a late offer (RFC 3261 §13.2.1, RFC 3264 §5): the INVITE came without SDP, so the
 * callee's 18x/2xx carries the offer and the caller's ACK (or PRACK, RFC 3262 §5) the answer.
 * The 18x/2xx gets {@code offer}, presented in the profile of the leg it goes to (the INVITE's
 * sender); the ACK or PRACK gets {@code answer}, in the profile of the offerer's leg. As rtpengine
 * names the parties of a command by the offerer first, {@code from-tag} is the To tag of these
 * messages and {@code to-tag} their From tag. Neither a response nor an ACK can be refused: when
 * rtpengine fails, the message goes on unchanged (counted, logged), and the media goes direct.
 */
final class LateOffer {
    private static final Logger LOG = LoggerFactory.getLogger(LateOffer.class);
    /** Failures come in bursts when rtpengine is overloaded or gone: a few lines, the rest counted (metrics count each). */
    private static final RateLimitedLog WARN = RateLimitedLog.of(LOG);
    private static final String SDP = "application/sdp";
    private static final List<String> REPLACE = List.of("origin", "session-connection");

    private final RtpEngines engines;
    private final MediaSettings settings;
    private final MediaCalls calls;
    private final MediaMetrics metrics;
    private final RecordingListener recordings;

    LateOffer(RtpEngines engines, MediaSettings settings, MediaCalls calls, MediaMetrics metrics, RecordingListener recordings) {
        this.engines = engines;
        this.settings = settings;
        this.calls = calls;
        this.metrics = metrics;
        this.recordings = recordings;
    }

    /** The 18x/2xx {@code response} to {@code call}'s INVITE without SDP carries the offer: the response with rtpengine's. */
    CompletionStage<SipResponse> offerIn(MediaCall call, MessageContext invite, SipResponse response) {
        LegProfile toward = LegProfile.of(invite.transport());
        Map<String, Object> offer = RtpEngines.command("offer", "call-id", call.callId(), "from-tag", response.to().tag(),
            "to-tag", invite.request().from().tag(), "sdp", response.body(), "replace", REPLACE);
        // as the early offer: where the SDP came from, for rtpengine's NAT handling (an initial INVITE's
        // callee; a re-INVITE's offer may come from either party, and its source is not noted)
        String from = invite.request().to().tag() == null ? call.calleeSource() : null;
        if (from != null) {
            offer.put("received-from", MediaAnchor.receivedFrom(from));
            if (call.sipSource()) {
                offer.put("flags", List.of("SIP-source-address"));
            }
        }
        offer.putAll(toward.ngParameters(false));
        boolean record = call.record() && invite.request().to().tag() == null;
        if (record) {
            offer.put("record call", "yes");
        }
        CodecFilter filter = settings.codecsToward(toward);
        if (!filter.isNone()) {
            offer.put("codec", filter.ngCodec());
        }
        return engines.request(call.callId(), offer, true).handle((reply, err) -> {
            if (err != null) {
                failed("offer", call.callId(), err, "the " + response.status() + " goes on with the callee's SDP");
                return response;
            }
            metrics.answered("offer", reply.roundTripNanos());
            calls.update(call.callId(), MediaCall::offeredInResponse);
            if (record && !reply.list("recordings").isEmpty() && reply.list("recordings").get(0) instanceof String file) {
                recordings.recording(call.callId(), file);
            }
            return response.edit().body(reply.sdpBytes(), SDP).build();
        });
    }

    /** The ACK {@code ack} carries the answer to an offer made in a 2xx: the ACK with rtpengine's. */
    CompletionStage<SipRequest> answerInAck(MediaCall call, MessageContext ack) {
        return answer(call, ack).thenApply(sdp -> sdp == null ? ack.request() : ack.request().edit().body(sdp, SDP).build());
    }

    /** The PRACK of {@code prack} carries the answer to an offer made in a reliable 18x: the forward with rtpengine's. */
    CompletionStage<Decision> answerInPrack(MediaCall call, MessageContext prack, Decision.Forward fw) {
        return answer(call, prack).thenApply(sdp -> sdp == null ? fw
            : fw.withBody(new Decision.Body(sdp, SDP)));
    }

    /** rtpengine's SDP for the answer {@code request} carries, or null when it failed. */
    private CompletionStage<byte[]> answer(MediaCall call, MessageContext request) {
        SipRequest r = request.request();
        String offerer = r.to().tag();
        Map<String, Object> answer = RtpEngines.command("answer", "call-id", call.callId(), "from-tag", offerer,
            "to-tag", r.from().tag(), "sdp", r.body(), "replace", REPLACE,
            "received-from", MediaAnchor.receivedFrom(request.sourceHost()));
        answer.putAll(call.legOf(offerer).ngParameters(true));
        return engines.request(call.callId(), answer, false).handle((NgReply reply, Throwable err) -> {
            if (err != null) {
                failed("answer", call.callId(), err, "the " + r.method().name() + " goes on with the caller's SDP");
                return null;
            }
            metrics.answered("answer", reply.roundTripNanos());
            calls.update(call.callId(), MediaCall::answered);
            return reply.sdpBytes();
        });
    }

    private void failed(String command, String callId, Throwable err, String outcome) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        metrics.failed(command, cause instanceof io.tandem.media.ng.NgFailure f ? f.label() : "refused");
        WARN.warn("late {} of {} failed ({}): {}", command, callId, cause.getMessage(), outcome);
    }
}
