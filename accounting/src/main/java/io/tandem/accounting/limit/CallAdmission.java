package io.tandem.accounting.limit;

import io.tandem.accounting.call.CallTracker;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.provisioning.CallLimits;
import io.tandem.provisioning.Provisioning;
import io.tandem.sip.SipMethod;
import io.tandem.sip.message.SipResponse;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Processor in front of the routing one (Connect, or the Dispatcher): when it forwards a new
 * INVITE, finds who the call is between ({@link PartyResolver}), hands that to the call's record,
 * and takes a share of each limit the parties' resources set ({@code spec.limits}: concurrent
 * calls of the Agents, their Domain and the Trunk; calls per second of the Trunk). A call over a
 * limit is refused with {@code refusal} (503 or 486) instead of forwarded, and counted; the shares
 * of an admitted call are given back when its record ends.
 */
public final class CallAdmission implements Processor {
    private final Processor next;
    private final Provisioning provisioning;
    private final CallTracker tracker;
    private final CallCounters counters;
    private final int refusal;
    private final InstantSource clock;
    private final LongAdder refused = new LongAdder();
    private final LongAdder unavailable = new LongAdder();

    public CallAdmission(Processor next, Provisioning provisioning, CallTracker tracker, CallCounters counters, int refusal,
                         InstantSource clock) {
        if (refusal != 503 && refusal != 486) {
            throw new IllegalArgumentException("a call over a limit is refused with 503 or 486, not " + refusal);
        }
        this.next = next;
        this.provisioning = provisioning;
        this.tracker = tracker;
        this.counters = counters;
        this.refusal = refusal;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Decision> process(MessageContext ctx) {
        CompletionStage<Decision> decision = next.process(ctx);
        if (ctx.request().method() != SipMethod.INVITE || ctx.request().to().tag() != null) {
            return decision;
        }
        return decision.thenCompose(d -> d instanceof Decision.Forward f ? admit(ctx, f) : CompletableFuture.completedFuture(d));
    }

    private CompletionStage<Decision> admit(MessageContext ctx, Decision.Forward forward) {
        String callId = ctx.request().callId();
        PartyResolver who = PartyResolver.resolve(provisioning.snapshot(), ctx, forward);
        List<Slot> slots = slots(who);
        if (slots.isEmpty()) {
            tracker.admit(callId, who.parties(), () -> { });
            return CompletableFuture.completedFuture(forward);
        }
        return counters.acquire(slots).<Decision>thenApply(full -> {
            if (full >= 0) {
                refused.increment();
                tracker.admit(callId, who.parties(), () -> { });
                return refusal == 486 ? Decision.respond(486, "Busy Here")
                    : Decision.respond(503, "Service Unavailable (call limit " + slots.get(full).key().replaceFirst(":\\d+$", "") + ")");
            }
            Runnable release = () -> counters.release(slots);
            if (!tracker.admit(callId, who.parties(), heldKeys(slots), release)) {
                release.run();
            }
            return forward;
        }).exceptionally(e -> {
            // the shared counters cannot be reached: the limit cannot be kept, so the call is not let through
            unavailable.increment();
            tracker.admit(callId, who.parties(), () -> { });
            return Decision.respond(503, "Service Unavailable (call limits unreachable)");
        });
    }

    private List<Slot> slots(PartyResolver who) {
        List<Slot> out = new ArrayList<>(4);
        if (who.sourceAgent() != null) {
            held(out, "agent", who.sourceAgent().ref(), who.sourceAgent().spec().limits());
        }
        if (who.destinationAgent() != null) {
            held(out, "agent", who.destinationAgent().ref(), who.destinationAgent().spec().limits());
        }
        if (who.sourceDomain() != null) {
            held(out, "domain", who.sourceDomain().ref(), who.sourceDomain().spec().limits());
        }
        if (who.destinationDomain() != null && who.destinationDomain() != who.sourceDomain()) {
            held(out, "domain", who.destinationDomain().ref(), who.destinationDomain().spec().limits());
        }
        for (var trunk : new io.tandem.provisioning.Trunk[] {who.sourceTrunk(), who.destinationTrunk()}) {
            if (trunk != null) {
                CallLimits l = trunk.spec().limits();
                held(out, "trunk", trunk.ref(), l);
                if (l.callsPerSecond() > 0) {
                    out.add(Slot.perSecond(trunk.ref(), l.callsPerSecond(), clock.millis() / 1000));
                }
            }
        }
        return out;
    }

    private static List<String> heldKeys(List<Slot> slots) {
        List<String> keys = new ArrayList<>(slots.size());
        for (Slot s : slots) {
            if (s.held()) {
                keys.add(s.key());
            }
        }
        return keys;
    }

    private static void held(List<Slot> out, String scope, String ref, CallLimits l) {
        if (l.maxCalls() > 0) {
            out.add(Slot.concurrent(scope, ref, l.maxCalls()));
        }
    }

    /** Calls refused because a limit was reached. */
    public long refused() {
        return refused.sum();
    }

    /** Calls refused because the shared counters (Redis) could not be reached. */
    public long unavailable() {
        return unavailable.sum();
    }

    @Override
    public boolean seesResponses() {
        return next.seesResponses();
    }

    @Override
    public CompletionStage<SipResponse> relaying(MessageContext request, SipResponse response) {
        return next.relaying(request, response);
    }

    @Override
    public CompletionStage<io.tandem.sip.message.SipRequest> relayingAck(MessageContext ack) {
        return next.relayingAck(ack);
    }
}
