package io.tandem.accounting.call;

import io.tandem.processor.CallListener;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.SipMethod;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The calls in progress on this node, kept from the proxy's call events: one {@link Call} per
 * Call-ID from its initial INVITE to its end (BYE from either side, CANCEL, a final failure, or a
 * timeout found by {@link #sweep()}), each end handed once to {@code ends}. Runs on the shards:
 * a map look-up and a few field writes per event, nothing that blocks.
 */
public final class CallTracker implements CallListener {
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final CallTimeouts timeouts;
    private final Consumer<EndedCall> ends;
    private final Teardown teardown;
    private final SharedDialogs shared;
    private final Prober prober;
    private final LongAdder started = new LongAdder();
    private final LongAdder challenged = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder adopted = new LongAdder();

    /** @param ends where each ended call goes (must not block: a hand-off to the CDR writer) */
    public CallTracker(InstantSource clock, CallTimeouts timeouts, Consumer<EndedCall> ends, Teardown teardown) {
        this(clock, timeouts, ends, teardown, SharedDialogs.NONE);
    }

    /** As above, each answered call's record also in {@code shared} (from its answer to its end), for the other nodes. */
    public CallTracker(InstantSource clock, CallTimeouts timeouts, Consumer<EndedCall> ends, Teardown teardown, SharedDialogs shared) {
        this(clock, timeouts, ends, teardown, shared, Prober.NONE);
    }

    /** As above, {@code prober} sending the keep-alives when {@code timeouts.keepAliveMillis} is set. */
    public CallTracker(InstantSource clock, CallTimeouts timeouts, Consumer<EndedCall> ends, Teardown teardown, SharedDialogs shared,
                       Prober prober) {
        this.prober = prober;
        this.clock = clock;
        this.timeouts = timeouts;
        this.ends = ends;
        this.teardown = teardown;
        this.shared = shared;
    }

    @Override
    public void requestReceived(MessageContext ctx) {
        SipRequest r = ctx.request();
        SipMethod m = r.method();
        if (m == SipMethod.INVITE) {
            if (r.to().tag() == null) {
                long now = clock.millis();
                if (calls.putIfAbsent(r.callId(), new Call(r, ctx.edgePortRef(), now)) == null) {
                    started.increment();
                }
            } else {
                refresh(r);
            }
        } else if (m == SipMethod.UPDATE) {
            refresh(r);
        } else if (m == SipMethod.BYE) {
            Call c = calls.get(r.callId());
            if (c != null) {
                finish(c, c.bye(r.from().tag(), clock.millis()));
            }
        }
    }

    @Override
    public void branchSent(SipRequest request, SipRequest sent, Transport transport, InetSocketAddress destination) {
        Call c = calls.get(sent.callId());
        if (c != null) {
            c.sent(sent);
        }
    }

    @Override
    public void responseSent(SipRequest request, InetSocketAddress source, SipResponse response, boolean local) {
        if (request.method() != SipMethod.INVITE || request.to().tag() != null) {
            return;
        }
        Call c = calls.get(request.callId());
        if (c == null) {
            return;
        }
        int status = response.status();
        long now = clock.millis();
        if (status < 200) {
            c.provisional(response, now);
        } else if (status < 300) {
            if (c.answered(response, now) && shared != SharedDialogs.NONE) {
                shared.answered(c.record());
            }
        } else if (status == 401 || status == 407) {
            if (c.challenged()) {
                calls.remove(c.callId(), c);
                challenged.increment();
            }
        } else {
            finish(c, c.failed(status, response.reason(), now));
        }
    }

    @Override
    public void ackReceived(SipRequest ack) {
        Call c = calls.get(ack.callId());
        if (c != null) {
            c.acked(clock.millis());
        }
    }

    @Override
    public void cancelReceived(SipRequest cancel, boolean matched) {
        Call c = matched ? calls.get(cancel.callId()) : null;
        if (c != null) {
            c.cancelling();
        }
    }

    @Override
    public void transactionEnded(SipRequest request, int status) {
        if (status == 0 && request.method() == SipMethod.INVITE && request.to().tag() == null) {
            Call c = calls.get(request.callId());
            if (c != null) {
                finish(c, c.dropped(clock.millis()));
            }
        }
    }

    /** Ends the calls whose timeout has passed, BYE into both legs of those with a dialog; from a timer thread. */
    public void sweep() {
        long now = clock.millis();
        for (Call c : calls.values()) {
            Call.Expiry x = c.expire(now, timeouts);
            if (x != null) {
                timedOut.increment();
                tearDown(c, x);
            } else if (timeouts.keepAliveMillis() > 0) {
                Legs probe = c.keepAlive(now, timeouts.keepAliveMillis());
                if (probe != null) {
                    prober.probe(probe, (side, status) -> deadEnd(c, side, status));
                }
            }
        }
    }

    /** The keep-alive found one end of {@code c} dead: the call ends, BYE to the other end. */
    private void deadEnd(Call c, HangupSide side, int status) {
        Call.Expiry x = c.deadEnd(clock.millis(), side, status);
        if (x != null) {
            tearDown(c, x);
        }
    }

    /**
     * Ends the answered call {@code callId} on a command: BYE into both legs with {@code reason},
     * its CDR hung up by Tandem. False when no answered call of that Call-ID is here.
     */
    public boolean hangUp(String callId, String reason) {
        Call c = calls.get(callId);
        Call.Expiry x = c == null ? null : c.hangUp(clock.millis(), reason);
        if (x == null) {
            return false;
        }
        tearDown(c, x);
        return true;
    }

    /**
     * Takes over a dialog whose node died ({@link DialogRecord}, from the shared store): tracked
     * here from now on, ended by a BYE through this node, the maximum duration or {@link #hangUp};
     * {@code release} gives back the limit shares it holds. False when this node has it already.
     */
    public boolean adopt(DialogRecord dialog, Runnable release) {
        if (calls.putIfAbsent(dialog.callId(), new Call(dialog, release)) != null) {
            return false;
        }
        adopted.increment();
        return true;
    }

    /** Dialogs taken over from nodes that died. */
    public long adopted() {
        return adopted.sum();
    }

    private void tearDown(Call c, Call.Expiry x) {
        finish(c, x.ended());
        if (x.legs() != null) {
            teardown.hangUp(x.legs(), x.ended().reason());
        }
    }

    /**
     * Attaches the admission's parties and limit release to the call of {@code callId}; false when
     * no such call is tracked (or it ended already): the caller then gives its slots back itself.
     */
    public boolean admit(String callId, CallParties parties, Runnable release) {
        return admit(callId, parties, java.util.List.of(), release);
    }

    /** As above, with the keys of the concurrent-call counters the call holds a share of (for a node that takes it over). */
    public boolean admit(String callId, CallParties parties, java.util.List<String> held, Runnable release) {
        Call c = calls.get(callId);
        return c != null && c.admit(parties, held, release);
    }

    /**
     * The media relay records the call of {@code callId} to {@code file} (issue 16: the CDR names
     * it); ignored when no such call is tracked.
     */
    public void recorded(String callId, String file) {
        Call c = calls.get(callId);
        if (c != null) {
            c.recorded(file);
        }
    }

    /** Up to {@code limit} calls in progress, oldest first. */
    public java.util.List<ActiveCall> active(int limit) {
        return calls.values().stream().map(Call::active).filter(a -> a.phase() != CallPhase.ENDED)
            .sorted(java.util.Comparator.comparingLong(ActiveCall::startMillis)).limit(limit).toList();
    }

    /** Calls in progress (any phase before ENDED). */
    public int live() {
        return calls.size();
    }

    public long started() {
        return started.sum();
    }

    public long challenged() {
        return challenged.sum();
    }

    public long timedOut() {
        return timedOut.sum();
    }

    private void refresh(SipRequest r) {
        Call c = calls.get(r.callId());
        if (c != null && c.refreshed(clock.millis()) && shared != SharedDialogs.NONE) {
            shared.answered(c.record()); // the others count its lifetime again too
        }
    }

    private void finish(Call c, EndedCall e) {
        if (e != null) {
            calls.remove(c.callId(), c);
            if (e.answerMillis() != 0 && shared != SharedDialogs.NONE) {
                shared.ended(c.callId());
            }
            ends.accept(e);
        }
    }
}
