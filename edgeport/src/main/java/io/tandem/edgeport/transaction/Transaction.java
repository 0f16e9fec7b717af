package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.SipMethod;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * What every transaction of RFC 3261 §17 shares: the request that created it, the flow it sends
 * on, two timer slots (a retransmission timer A/E/G and a timeout timer B/D/F/H/I/J/K/L/M) and
 * sending with transport-error detection (§17.1.4, §17.2.4). Owned by one {@link TransactionLayer}
 * and used only on its thread.
 */
public abstract sealed class Transaction permits ServerTransaction, ClientTransaction {
    final TransactionLayer layer;
    /**
     * Made {@link SipRequest#lean() lean} once the transaction only absorbs retransmissions; a
     * client transaction lets go of it then (see {@link ClientTransaction#shed()}).
     */
    SipRequest request;
    private final SipMethod method;
    /** Client: the flow toward the next hop. Server: where responses go (§18.2.2). */
    final Flow flow;
    /** Stream transports: no retransmissions, and timers D, I, J, K are zero (§17.1.1.2, §17.2.1). */
    final boolean reliable;
    /** The RFC 3261 transaction id, or null for a server transaction matched by RFC 2543 rules. */
    final TxKey key;
    /** The current interval of the retransmission timer (A, E or G). */
    long interval;
    private TimerService.Timer retransmitTimer;
    private TimerService.Timer timeoutTimer;
    private Object attachment;
    private final Runnable retransmitTask = () -> {
        retransmitTimer = null;
        retransmitFired();
    };
    private final Runnable timeoutTask = () -> {
        timeoutTimer = null;
        timeoutFired();
    };
    private final BiConsumer<Void, Throwable> sendOutcome = (ignored, error) -> {
        if (error != null) {
            deferFailure(error);
        }
    };

    Transaction(TransactionLayer layer, SipRequest request, Flow flow, TxKey key) {
        this.layer = layer;
        this.request = request;
        this.method = request.method();
        this.flow = flow;
        this.reliable = flow.transport().isStream();
        this.key = key;
    }

    /**
     * The request that created the transaction; null for a client transaction that has its final
     * response (it then only absorbs retransmitted responses and keeps no message).
     */
    public final SipRequest request() {
        return request;
    }

    public final SipMethod method() {
        return method;
    }

    /** For a client transaction the flow requests go on; for a server transaction the flow responses go on. */
    public final Flow flow() {
        return flow;
    }

    public final boolean isReliable() {
        return reliable;
    }

    /** The state of this kind of transaction's state machine. */
    public abstract Enum<?> state();

    public abstract boolean isTerminated();

    /** An object the TU keeps with the transaction (e.g. its response context). */
    public final Object attachment() {
        return attachment;
    }

    public final void attach(Object value) {
        this.attachment = value;
    }

    /**
     * Ends the transaction at once without telling anyone: timers stop, it leaves the layer and
     * later messages no longer match it. For a TU that abandons the transaction (e.g. shutdown).
     */
    public final void terminate() {
        if (!isTerminated()) {
            enterTerminated();
        }
    }

    // ------------------------------------------------------------------ for the state machines

    /** The transition to Terminated of the subclass's state machine. */
    abstract void enterTerminated();

    /** The retransmission timer (A, E or G) fired. */
    abstract void retransmitFired();

    /** The timeout timer fired; which one (B, D, F, H, I, J, K, L, M) depends on the state. */
    abstract void timeoutFired();

    /** A send failed (§17.1.4, §17.2.4). Called on the owning thread, never after termination. */
    abstract void transportFailed(Throwable cause);

    /**
     * Entering a state that only absorbs retransmissions and waits for its timer (Completed,
     * Accepted; up to 64·T1): the messages kept drop their parsed header values, which would
     * otherwise stay in memory for every call of the last 32 s.
     */
    void shed() {
        request = request.lean();
    }

    final TimerSettings settings() {
        return layer.settings();
    }

    final void startRetransmit(long delay) {
        interval = delay;
        retransmitTimer = layer.timers().schedule(retransmitTask, delay);
    }

    final void startTimeout(long delay) {
        timeoutTimer = layer.timers().schedule(timeoutTask, delay);
    }

    final void cancelTimers() {
        if (retransmitTimer != null) {
            retransmitTimer.cancel();
            retransmitTimer = null;
        }
        if (timeoutTimer != null) {
            timeoutTimer.cancel();
            timeoutTimer = null;
        }
    }

    /**
     * Hands a message to the transport. A failure is reported through the timer service with no
     * delay, so that it is handled on the owning thread and never inside a transition (the flow
     * may complete its stage on another thread: {@code schedule} must then be thread-safe, as
     * a Netty event loop's is).
     */
    final void transmit(SipMessage message) {
        CompletionStage<Void> stage;
        try {
            stage = flow.send(message);
        } catch (RuntimeException e) {
            deferFailure(e);
            return;
        }
        stage.whenComplete(sendOutcome);
    }

    private void deferFailure(Throwable error) {
        layer.timers().schedule(() -> {
            if (!isTerminated()) {
                transportFailed(error);
            }
        }, 0);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (key != null ? key : method + " " + request.callId())
            + " " + state() + "]";
    }
}
