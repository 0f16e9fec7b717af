package io.tandem.media;

import io.tandem.dispatcher.Middleware;
import io.tandem.edgeport.log.RateLimitedLog;
import io.tandem.media.ng.NgFailure;
import io.tandem.media.ng.NgReply;
import io.tandem.media.ng.RtpEngines;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.sip.SipMethod;
import io.tandem.sip.header.MediaType;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors media in rtpengine, as a Dispatcher middleware (its {@code after} sees the final
 * decision; it must run with {@code postProcessor: true}):
 * <ul>
 *   <li>an INVITE or UPDATE forwarded with an SDP offer (RFC 3264 §5): {@code offer}, and every
 *       branch carries rtpengine's SDP, in the profile of the callee's leg ({@link LegProfile});
 *       a new call only when the {@link AnchorPolicy} says so, an in-dialog one when its call is
 *       anchored;
 *   <li>a 18x or 2xx relayed with an SDP answer (§6) to such a request: {@code answer}, rewritten
 *       in the profile of the caller's leg;
 *   <li>the end of the call ({@link MediaCallEnd}): {@code delete}.
 * </ul>
 * Failures answer the request instead of forwarding it, within the ng timeout: SDP that does not
 * parse 488, rtpengine refusing 500, no rtpengine reachable 503. A failed answer cannot un-send a
 * 2xx (the callee has accepted): the response goes on unchanged, counted and logged. An INVITE
 * without SDP (late offer, RFC 3261 §13.2.1) is anchored by {@link LateOffer}: the offer in its
 * 18x/2xx, the answer in the ACK ({@link #relayingAck}) or PRACK.
 */
public final class MediaAnchor implements Middleware {
    private static final Logger LOG = LoggerFactory.getLogger(MediaAnchor.class);
    /** Failures come in bursts when rtpengine is overloaded or gone: a few lines, the rest counted (metrics count each). */
    private static final RateLimitedLog WARN = RateLimitedLog.of(LOG);
    private static final String SDP = "application/sdp";

    private final RtpEngines engines;
    private final MediaSettings settings;
    private final CallResources resources;
    private final MediaCalls calls;
    private final MediaMetrics metrics;
    private final RecordingListener recordings;
    private final LateOffer late;

    /**
     * {@code settings}: the policy, the codecs per leg profile, recording and the per-resource
     * entries, looked up in {@code resources} once per new call (only when there are entries);
     * {@code recordings} is told the file of each call rtpengine records.
     */
    public MediaAnchor(RtpEngines engines, MediaSettings settings, CallResources resources, MediaCalls calls, MediaMetrics metrics,
                       RecordingListener recordings) {
        this.engines = engines;
        this.settings = settings;
        this.resources = resources;
        this.calls = calls;
        this.metrics = metrics;
        this.recordings = recordings;
        this.late = new LateOffer(engines, settings, calls, metrics, recordings);
    }

    @Override
    public CompletionStage<Decision> after(MessageContext ctx, Decision decision) {
        if (!(decision instanceof Decision.Forward fw) || settings.policy() == AnchorPolicy.NEVER && settings.resources().isEmpty()) {
            return CompletableFuture.completedFuture(decision);
        }
        SipRequest req = ctx.request();
        SipMethod m = req.method();
        boolean invite = m.equals(SipMethod.INVITE);
        if (!invite && !m.equals(SipMethod.UPDATE) && !m.equals(SipMethod.PRACK)) {
            return CompletableFuture.completedFuture(decision);
        }
        String callId = req.callId();
        boolean inDialog = req.to().tag() != null;
        MediaCall call = inDialog ? calls.get(callId) : null;
        if (inDialog && call == null) {
            return CompletableFuture.completedFuture(decision); // a call set up without anchoring stays so
        }
        if (!hasSdp(req)) {
            return invite ? withoutOffer(ctx, fw, call) : CompletableFuture.completedFuture(decision);
        }
        if (m.equals(SipMethod.PRACK)) { // RFC 3262 §5: the answer to an offer in a reliable 18x
            return call != null && call.state() == MediaCall.State.OFFERED_IN_RESPONSE ? late.answerInPrack(call, ctx, fw)
                : CompletableFuture.completedFuture(decision);
        }
        byte[] sdpBytes = req.body(); // into the offer as bytes: no String made of it
        Sdp sdp;
        try {
            sdp = Sdp.parse(sdpBytes);
        } catch (Sdp.MalformedSdp e) {
            metrics.failed("offer", "bad_sdp");
            LOG.debug("offer of {} refused: {}", callId, e.getMessage());
            return CompletableFuture.completedFuture(Decision.respond(488, "Not Acceptable Here",
                warning("SDP offer not understood: " + e.getMessage())));
        }
        LegProfile callee = LegProfile.of(LegProfile.transportOf(fw.targets().get(0)));
        List<String> refs = inDialog || settings.resources().isEmpty() ? List.of() : resources.refsOf(ctx, fw);
        AnchorPolicy policy = settings.policyFor(refs);
        if (!inDialog && !policy.anchors(ctx, sdp, callee)) {
            return CompletableFuture.completedFuture(decision);
        }
        String fromTag = ctx.request().from().tag();
        Map<String, Object> offer = RtpEngines.command("offer", "call-id", callId, "from-tag", fromTag, "sdp", sdpBytes,
            "replace", List.of("origin", "session-connection"), "received-from", receivedFrom(ctx.sourceHost()));
        if (policy == AnchorPolicy.NAT) {
            offer.put("flags", List.of("SIP-source-address"));
        }
        offer.putAll(callee.ngParameters(false));
        boolean record = !inDialog && settings.recordsFor(refs);
        if (record) {
            offer.put("record call", "yes"); // rtpengine writes the call's media to its --recording-dir
        }
        CodecFilter filter = settings.codecsToward(callee);
        if (!filter.isNone()) {
            offer.put("codec", filter.ngCodec());
        }
        if (!inDialog) {
            calls.put(MediaCall.offered(callId, fromTag, LegProfile.of(ctx.transport()), callee, record));
        }
        return engines.request(callId, offer, !inDialog).handle((reply, err) -> {
            if (err != null) {
                if (!inDialog) {
                    calls.remove(callId);
                    engines.forget(callId);
                }
                return (Decision) refusal("offer", callId, err);
            }
            metrics.answered("offer", reply.roundTripNanos());
            if (!inDialog && calls.get(callId) == null) { // the call ended (CANCEL) while rtpengine was asked
                calls.put(MediaCall.offered(callId, fromTag, LegProfile.of(ctx.transport()), callee, record));
                delete(callId, "ended during the offer");
                return (Decision) Decision.respond(487, "Request Terminated");
            }
            if (inDialog) {
                calls.update(callId, MediaCall::reoffered);
            }
            if (record && !reply.list("recordings").isEmpty() && reply.list("recordings").get(0) instanceof String file) {
                recordings.recording(callId, file); // rtpengine names the file it writes ("recordings" of the reply)
            }
            return fw.withBody(new Decision.Body(reply.sdpBytes(), SDP));
        });
    }

    /**
     * An INVITE without SDP (RFC 3261 §13.2.1): a new call the policy anchors is kept as awaiting
     * the offer, which its 18x/2xx will carry; a re-INVITE of an anchored call likewise (§14.1).
     * Forwarded unchanged.
     */
    private CompletionStage<Decision> withoutOffer(MessageContext ctx, Decision.Forward fw, MediaCall call) {
        String callId = ctx.request().callId();
        if (call != null) {
            calls.update(callId, MediaCall::awaitingOffer);
            return CompletableFuture.completedFuture(fw);
        }
        LegProfile callee = LegProfile.of(LegProfile.transportOf(fw.targets().get(0)));
        List<String> refs = settings.resources().isEmpty() ? List.of() : resources.refsOf(ctx, fw);
        AnchorPolicy policy = settings.policyFor(refs);
        if (policy.anchors(ctx, null, callee)) {
            calls.put(MediaCall.awaitingOffer(callId, ctx.request().from().tag(), LegProfile.of(ctx.transport()), callee,
                settings.recordsFor(refs), policy == AnchorPolicy.NAT));
        }
        return CompletableFuture.completedFuture(fw);
    }

    @Override
    public boolean seesResponses() {
        return true;
    }

    @Override
    public CompletionStage<SipResponse> relaying(MessageContext ctx, SipResponse response) {
        int status = response.status();
        SipMethod m = ctx.request().method();
        if (status < 180 || status >= 300 || !(m.equals(SipMethod.INVITE) || m.equals(SipMethod.UPDATE)) || !hasSdp(response)) {
            return CompletableFuture.completedFuture(response);
        }
        String callId = ctx.request().callId();
        MediaCall call = calls.get(callId);
        if (call == null) {
            return CompletableFuture.completedFuture(response);
        }
        if (!hasSdp(ctx.request())) { // a late offer: the response carries it
            return call.late() && m.equals(SipMethod.INVITE) ? late.offerIn(call, ctx, response)
                : CompletableFuture.completedFuture(response);
        }
        LegProfile caller = LegProfile.of(ctx.transport());
        Map<String, Object> answer = RtpEngines.command("answer", "call-id", callId, "from-tag", ctx.request().from().tag(),
            "to-tag", response.to().tag(), "sdp", response.body(), "replace", List.of("origin", "session-connection"));
        answer.putAll(caller.ngParameters(true));
        return engines.request(callId, answer, false).handle((reply, err) -> {
            if (err != null) {
                Decision.Respond r = refusal("answer", callId, err);
                WARN.warn("answer of {} failed ({}): the {} goes on with the callee's SDP", callId, r.reason(), status);
                return response;
            }
            metrics.answered("answer", reply.roundTripNanos());
            calls.update(callId, MediaCall::answered);
            return response.edit().body(reply.sdpBytes(), SDP).build();
        });
    }

    /** The ACK to a 2xx that carried a late offer brings the answer (RFC 3264 §5): rewritten to rtpengine's. */
    @Override
    public CompletionStage<SipRequest> relayingAck(MessageContext ack) {
        SipRequest r = ack.request();
        MediaCall call = r.bodyLength() > 0 ? calls.get(r.callId()) : null;
        if (call == null || call.state() != MediaCall.State.OFFERED_IN_RESPONSE || !hasSdp(r)) {
            return CompletableFuture.completedFuture(r);
        }
        return late.answerInAck(call, ack);
    }

    /**
     * A branch of an INVITE went to {@code host}: for a call awaiting a late offer, the address the
     * callee's offer will come from (its {@code received-from}, as the early offer's is the INVITE's source).
     */
    void branchSent(String callId, String host) {
        MediaCall call = calls.get(callId);
        if (call != null && call.state() == MediaCall.State.AWAITING_OFFER) {
            calls.update(callId, c -> c.sentTo(host));
        }
    }

    /** Deletes the call from rtpengine when it is anchored; {@code why} is for the log. */
    public void delete(String callId, String why) {
        if (calls.remove(callId) == null || !engines.holds(callId)) {
            return; // not anchored, or a late offer that never came
        }
        engines.request(callId, RtpEngines.command("delete", "call-id", callId), false).whenComplete((NgReply r, Throwable err) -> {
            engines.forget(callId);
            if (err != null) {
                refusal("delete", callId, err);
            } else {
                metrics.answered("delete", r.roundTripNanos());
                LOG.debug("media of {} deleted ({})", callId, why);
            }
        });
    }

    /** The status a failed command answers the request with: 500 when rtpengine refused, 503 when none could be asked. */
    private Decision.Respond refusal(String command, String callId, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (!(cause instanceof NgFailure f)) {
            metrics.failed(command, "refused");
            WARN.warn("{} of {} failed", command, callId, cause);
            return Decision.respond(500, "Server Internal Error", warning("media relay failed"));
        }
        metrics.failed(command, f.label());
        LOG.debug("{} of {} failed: {}", command, callId, f.getMessage());
        return switch (f.kind()) {
            case REFUSED -> Decision.respond(500, "Server Internal Error", warning("media relay refused the session: " + f.getMessage()));
            case BUSY -> Decision.respond(503, "Service Unavailable", warning("media relay busy: " + f.getMessage()));
            case EXPIRED -> Decision.respond(503, "Service Unavailable", warning("media relay overloaded: " + f.getMessage()));
            default -> Decision.respond(503, "Service Unavailable", warning("no media relay available"));
        };
    }

    /** RFC 3261 §20.43: code 399 (miscellaneous), our agent name, the reason quoted. */
    private static Header warning(String text) {
        String clean = text.replace('"', '\'').replace('\\', '/').replaceAll("[\\p{Cntrl}]", " ");
        return new Header("Warning", "399 tandem \"" + (clean.length() > 120 ? clean.substring(0, 120) : clean) + "\"");
    }

    private static boolean hasSdp(SipMessage m) {
        MediaType t = m.contentType();
        return m.bodyLength() > 0 && t != null && SDP.equalsIgnoreCase(t.type() + "/" + t.subtype());
    }

    /** rtpengine's {@code received-from}: the address family and the address a message with SDP came from. */
    static List<String> receivedFrom(String host) {
        return List.of(host.indexOf(':') >= 0 ? "IP6" : "IP4", host);
    }
}
