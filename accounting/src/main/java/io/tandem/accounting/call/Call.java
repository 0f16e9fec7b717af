package io.tandem.accounting.call;

import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One call attempt, from its INVITE to its end: an explicit state machine over {@link CallPhase}.
 * Its events come from the shard that owns the Call-ID; only the timeout sweep comes from another
 * thread, so every move holds this call's own monitor (never contended but by the sweep). A move
 * that ends the call returns its {@link EndedCall}, exactly once; every later event is ignored.
 */
public final class Call {
    private static final String OUR_ROUTE = ";tdm=";
    /**
     * What a taken-over dialog adds to the CSeq each side had seen when its record was last written:
     * in-dialog requests since (INFO, OPTIONS) were not recorded, and a BYE must be higher (RFC 3261 §12.2.1.1).
     */
    private static final long ADOPTED_CSEQ_MARGIN = 100;

    private final String callId;
    private final String fromTag;
    private final String callerFrom;
    private final String caller;
    private final String callee;
    private final String callerContact;
    private final String edgePortRef;
    private final long startMillis;

    private CallPhase phase = CallPhase.TRYING;
    private CallParties parties = CallParties.UNKNOWN;
    private Runnable release = () -> { };
    private List<String> heldSlots = List.of();
    private boolean cancelled;
    private String toTag;
    private String calleeTo;
    private String calleeContact;
    private List<String> recordRoute = List.of();
    private long answerMillis;
    private long lastActivityMillis;
    private long cseqToCallee;
    private long cseqToCaller;
    private long probedMillis;
    private String recording;

    /** From the initial INVITE, as the EdgePort received it at {@code now}. */
    public Call(SipRequest invite, String edgePortRef, long now) {
        this.callId = invite.callId();
        this.fromTag = invite.from().tag();
        this.callerFrom = invite.header("From");
        this.caller = invite.from().uri().toString();
        this.callee = invite.requestUriText();
        List<NameAddress> contacts = invite.contacts();
        this.callerContact = contacts.isEmpty() ? null : contacts.get(0).uri().toString();
        this.edgePortRef = edgePortRef;
        this.startMillis = now;
        this.cseqToCallee = invite.cseq().sequence();
    }

    /**
     * A dialog taken over from a node that died ({@link DialogRecord}): confirmed, its lifetime
     * counted from its last recorded activity; {@code release} gives back the shares it holds.
     */
    public Call(DialogRecord r, Runnable release) {
        this.callId = r.callId();
        this.fromTag = r.fromTag();
        this.callerFrom = r.callerFrom();
        this.caller = r.caller();
        this.callee = r.callee();
        this.callerContact = r.callerContact();
        this.edgePortRef = r.edgePortRef();
        this.startMillis = r.startMillis();
        this.phase = CallPhase.CONFIRMED;
        this.parties = r.parties();
        this.release = release;
        this.heldSlots = r.heldSlots();
        this.toTag = r.toTag();
        this.calleeTo = r.calleeTo();
        this.calleeContact = r.calleeContact();
        this.recordRoute = r.recordRoute();
        this.answerMillis = r.answerMillis();
        this.lastActivityMillis = r.lastActivityMillis();
        this.cseqToCallee = r.cseqToCallee() + ADOPTED_CSEQ_MARGIN;
        this.cseqToCaller = r.cseqToCaller() + ADOPTED_CSEQ_MARGIN;
        this.recording = r.recording();
    }

    public String callId() {
        return callId;
    }

    public synchronized CallPhase phase() {
        return phase;
    }

    /** Where the call is now, for the live list. */
    public synchronized ActiveCall active() {
        return new ActiveCall(callId, caller, callee, phase, edgePortRef, startMillis, answerMillis);
    }

    /**
     * The admission's view of the parties, the keys of the concurrent-call counters it took a share
     * of, and what gives those back when the call ends.
     */
    public synchronized boolean admit(CallParties p, List<String> held, Runnable onEnd) {
        if (phase == CallPhase.ENDED) {
            return false;
        }
        parties = p;
        heldSlots = List.copyOf(held);
        release = onEnd;
        return true;
    }

    /** This answered call as the other nodes hold it; null before the answer or after the end. */
    public synchronized DialogRecord record() {
        if (!phase.answered()) {
            return null;
        }
        return new DialogRecord(callId, fromTag, toTag, callerFrom, caller, callee, callerContact, calleeTo, calleeContact, recordRoute,
            edgePortRef, parties, startMillis, answerMillis, lastActivityMillis, cseqToCallee, cseqToCaller, recording, heldSlots);
    }

    /** The media relay records this call to {@code file} (the first recording named is kept). */
    public synchronized void recorded(String file) {
        if (recording == null) {
            recording = file;
        }
    }

    /** 1xx upstream: an early dialog once it carries a To tag. */
    public synchronized void provisional(SipResponse response, long now) {
        if (phase == CallPhase.TRYING && response.to().tag() != null) {
            phase = CallPhase.EARLY;
        }
    }

    /** 2xx upstream: the dialog exists (the first 2xx wins; a forked second one changes nothing, false). */
    public synchronized boolean answered(SipResponse response, long now) {
        if (phase != CallPhase.TRYING && phase != CallPhase.EARLY) {
            return false;
        }
        phase = CallPhase.ANSWERED;
        answerMillis = now;
        lastActivityMillis = now;
        toTag = response.to().tag();
        calleeTo = response.header("To");
        List<NameAddress> contacts = response.contacts();
        calleeContact = contacts.isEmpty() ? null : contacts.get(0).uri().toString();
        List<NameAddress> rr = response.recordRoutes();
        List<String> routes = new ArrayList<>(rr.size());
        for (NameAddress r : rr) {
            routes.add(r.toString());
        }
        recordRoute = routes;
        return true;
    }

    /** The ACK for the 2xx: confirmed. */
    public synchronized void acked(long now) {
        if (phase == CallPhase.ANSWERED) {
            phase = CallPhase.CONFIRMED;
        }
    }

    /** A re-INVITE or UPDATE keeps the dialog alive: its lifetime counts again from now; true if answered. */
    public synchronized boolean refreshed(long now) {
        lastActivityMillis = now;
        return phase.answered();
    }

    /** A request went out to one side: the next BYE Tandem sends that side must use a higher CSeq. */
    public synchronized void sent(SipRequest request) {
        long n = request.cseq().sequence();
        if (fromTag != null && fromTag.equals(request.from().tag())) {
            cseqToCallee = Math.max(cseqToCallee, n);
        } else {
            cseqToCaller = Math.max(cseqToCaller, n);
        }
    }

    /** A CANCEL matched the INVITE: the 487 that follows ends the call as cancelled. */
    public synchronized void cancelling() {
        if (!phase.answered()) {
            cancelled = true;
        }
    }

    /** A final non-2xx upstream; null if the call was already answered or ended. */
    public synchronized EndedCall failed(int status, String reason, long now) {
        if (phase.answered() || phase == CallPhase.ENDED) {
            return null;
        }
        Disposition d = Disposition.ofFailure(status, cancelled);
        // a 487 nobody upstream asked for: Tandem's Timer C cancelled the ringing callee (RFC 3261 §16.8)
        HangupSide side = d == Disposition.CANCELLED ? HangupSide.CALLER : status == 487 ? HangupSide.TANDEM : HangupSide.CALLEE;
        return end(now, status, reason, d, side);
    }

    /**
     * A 401 or 407 went upstream before any answer: not a call attempt yet (the caller retries
     * with credentials, the retry is tracked as the attempt). Ends it without a record; false if
     * the call was past that.
     */
    public synchronized boolean challenged() {
        if (phase != CallPhase.TRYING && phase != CallPhase.EARLY) {
            return false;
        }
        phase = CallPhase.ENDED;
        release.run();
        return true;
    }

    /** The INVITE's transaction ended without a final response (dropped, transport error). */
    public synchronized EndedCall dropped(long now) {
        if (phase.answered() || phase == CallPhase.ENDED) {
            return null;
        }
        return end(now, 0, "no final response", Disposition.FAILED, HangupSide.CALLEE);
    }

    /** A BYE from the side whose From tag is {@code byeFromTag}; null if not answered or already ended. */
    public synchronized EndedCall bye(String byeFromTag, long now) {
        if (!phase.answered()) {
            return null;
        }
        HangupSide side = fromTag != null && fromTag.equals(byeFromTag) ? HangupSide.CALLER : HangupSide.CALLEE;
        return end(now, 200, "BYE", Disposition.ANSWERED, side);
    }

    /**
     * The keep-alive is due ({@code intervalMillis} since the answer or the last one): the legs to
     * send OPTIONS into, their CSeq numbers taken (a later BYE goes above them); null when not due
     * or not confirmed.
     */
    public synchronized Legs keepAlive(long now, long intervalMillis) {
        if (phase != CallPhase.CONFIRMED || now - Math.max(answerMillis, probedMillis) < intervalMillis) {
            return null;
        }
        probedMillis = now;
        Legs l = legs();
        cseqToCallee++;
        cseqToCaller++;
        return l;
    }

    /**
     * The keep-alive found {@code dead}'s end gone ({@code status}: 481, or 408 for no answer):
     * the call ends, hung up by Tandem, and BYE goes to the other end only; null if already ended.
     */
    public synchronized Expiry deadEnd(long now, HangupSide dead, int status) {
        if (!phase.answered()) {
            return null;
        }
        String end = dead == HangupSide.CALLER ? "caller" : "callee";
        String reason = status == 408 ? "keep-alive: no answer from the " + end : "keep-alive: the " + end + " answered " + status;
        Legs l = legs().without(dead);
        return new Expiry(end(now, 200, reason, Disposition.ANSWERED, HangupSide.TANDEM), l);
    }

    /** Ended by Tandem on a command ({@code reason}): BYE into both legs; null if not answered or already ended. */
    public synchronized Expiry hangUp(long now, String reason) {
        return phase.answered() ? teardown(now, reason, Disposition.ANSWERED) : null;
    }

    /** What a timeout did at {@code now}: nothing (null), or the end of the call and whether to send BYE. */
    public synchronized Expiry expire(long now, CallTimeouts t) {
        return switch (phase) {
            case TRYING, EARLY -> t.earlyMillis() > 0 && now - startMillis >= t.earlyMillis()
                ? new Expiry(end(now, 408, "early timeout", Disposition.TIMED_OUT, HangupSide.TANDEM), null) : null;
            case ANSWERED -> t.noAckMillis() > 0 && now - answerMillis >= t.noAckMillis()
                ? teardown(now, "no ACK", Disposition.TIMED_OUT) : null;
            case CONFIRMED -> t.maxDurationMillis() > 0 && now - lastActivityMillis >= t.maxDurationMillis()
                ? teardown(now, "maximum duration", Disposition.ANSWERED) : null;
            case ENDED -> null;
        };
    }

    /** A timeout's outcome: the ended call, and the legs to send BYE into (null when there is no dialog). */
    public record Expiry(EndedCall ended, Legs legs) {
    }

    private Expiry teardown(long now, String reason, Disposition d) {
        Legs legs = legs();
        return new Expiry(end(now, 200, reason, d, HangupSide.TANDEM), legs);
    }

    private Legs legs() {
        int first = -1;
        int last = -1;
        for (int i = 0; i < recordRoute.size(); i++) {
            if (recordRoute.get(i).contains(OUR_ROUTE)) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        List<String> toCallee = new ArrayList<>(first < 0 ? List.of() : recordRoute.subList(0, first));
        java.util.Collections.reverse(toCallee);
        List<String> toCaller = last < 0 ? List.of() : recordRoute.subList(last + 1, recordRoute.size());
        return new Legs(callId, callerContact, toCaller, callerFrom, calleeContact, toCallee, calleeTo, cseqToCallee + 1,
            cseqToCaller + 1);
    }

    private EndedCall end(long now, int status, String reason, Disposition d, HangupSide side) {
        phase = CallPhase.ENDED;
        release.run();
        return new EndedCall(callId, fromTag, toTag, caller, callee, edgePortRef, parties, startMillis, answerMillis, now, status,
            reason, d, side, recording);
    }
}
