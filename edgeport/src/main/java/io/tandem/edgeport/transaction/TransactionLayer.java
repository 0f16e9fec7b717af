package io.tandem.edgeport.transaction;

import io.tandem.edgeport.transport.Flow;
import io.tandem.sip.SipMethod;
import io.tandem.sip.header.CSeq;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The transaction layer of RFC 3261 §17 for one event loop: matches incoming requests and
 * responses to transactions (§17.1.3, §17.2.3), creates server transactions for new requests and
 * client transactions for the TU's requests. Single-threaded: every method is called on the
 * owning thread, and the {@link TimerService} runs its tasks there.
 *
 * <p>Requests given to {@link #onRequest} have passed validation (top Via, CSeq, From, To and
 * Call-ID present and well-formed; RFC 3261 §8.2, §16.3).
 */
public final class TransactionLayer {
    private final TimerService timers;
    private final TimerSettings settings;
    private final TransactionUser tu;
    private final HashMap<TxKey, ServerTransaction> servers = new HashMap<>();
    private final HashMap<TxKey, ClientTransaction> clients = new HashMap<>();
    private final Rfc2543Matcher legacy = new Rfc2543Matcher();
    /** Look-ups reuse this key instead of allocating one per message. */
    private final TxKey probe = new TxKey();
    /** To tag of the 503s sent while shutting down, so that their ACKs can be recognised. */
    private final String shutdownTag = "sd" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private CompletableFuture<Void> drained;
    private TimerService.Timer drainPoll;

    /** Requests that matched a transaction already here (RFC 3261 §17.2.1, §17.2.2): absorbed, or answered again. */
    private final java.util.concurrent.atomic.LongAdder retransmissionsReceived = new java.util.concurrent.atomic.LongAdder();
    /** Requests and final responses sent again by a retransmission timer (A, E, G; §17.1.1.2, §17.1.2.2, §17.2.1). */
    private final java.util.concurrent.atomic.LongAdder retransmissionsSent = new java.util.concurrent.atomic.LongAdder();

    public TransactionLayer(TimerService timers, TimerSettings settings, TransactionUser tu) {
        this.timers = timers;
        this.settings = settings;
        this.tu = tu;
    }

    public long retransmissionsReceived() {
        return retransmissionsReceived.sum();
    }

    public long retransmissionsSent() {
        return retransmissionsSent.sum();
    }

    /** A retransmission timer fired and sent its message again. */
    void retransmitted() {
        retransmissionsSent.increment();
    }

    public TimerService timers() {
        return timers;
    }

    public TimerSettings settings() {
        return settings;
    }

    TransactionUser tu() {
        return tu;
    }

    // ------------------------------------------------------------------ inbound

    /**
     * A request from the transport. A retransmission is absorbed by its transaction; an ACK goes
     * to its INVITE server transaction or, matching none in Completed, to {@link TransactionUser#onAck};
     * any other request creates a server transaction handed to {@link TransactionUser#onRequest}.
     */
    public void onRequest(SipRequest request, Flow flow) {
        SipMethod method = request.method();
        boolean ack = method == SipMethod.ACK;
        ServerTransaction tx = match(request, ack ? SipMethod.INVITE : method);
        if (ack) {
            if (tx instanceof InviteServerTransaction invite) {
                invite.ackReceived(request, flow);
            } else if (drained == null || !shutdownTag.equals(request.to().tag())) {
                tu.onAck(request, flow);
            }
            return;
        }
        if (tx != null) {
            retransmissionsReceived.increment();
            tx.retransmissionReceived(request);
            return;
        }
        if (drained != null && refusedWhileDraining(request)) {
            rejectWhileDraining(request, flow);
            return;
        }
        Via via = request.topVia();
        TxKey key = via.isRfc3261Branch() ? new TxKey(via.branch(), via.host(), via.port(), method) : null;
        tx = method == SipMethod.INVITE
            ? new InviteServerTransaction(this, request, flow, key)
            : new NonInviteServerTransaction(this, request, flow, key);
        if (key != null) {
            servers.put(key, tx);
        } else {
            legacy.add(tx);
        }
        tu.onRequest(tx, request);
    }

    /**
     * A response from the transport: to the client transaction whose branch and CSeq method it
     * carries (§17.1.3), else to {@link TransactionUser#onStrayResponse}.
     */
    public void onResponse(SipResponse response, Flow flow) {
        Via via = response.topVia();
        CSeq cseq = response.cseq();
        String branch = via == null ? null : via.branch();
        ClientTransaction tx = branch == null || cseq == null ? null
            : clients.get(probe.set(branch, null, -1, cseq.method()));
        if (tx == null) {
            tu.onStrayResponse(response, flow);
        } else {
            tx.responseReceived(response);
        }
    }

    /**
     * The INVITE server transaction a CANCEL refers to (§9.2: the §17.2.3 rules applied as if the
     * CANCEL were an INVITE), in whatever state it is, or null.
     */
    public InviteServerTransaction findInviteFor(SipRequest cancel) {
        return match(cancel, SipMethod.INVITE) instanceof InviteServerTransaction invite ? invite : null;
    }

    private ServerTransaction match(SipRequest request, SipMethod asMethod) {
        Via via = request.topVia();
        if (via.isRfc3261Branch()) {
            return servers.get(probe.set(via.branch(), via.host(), via.port(), asMethod));
        }
        return legacy.find(request, asMethod);
    }

    // ------------------------------------------------------------------ outbound

    /**
     * Starts a client transaction: sends {@code request} on {@code flow} and retransmits it as
     * §17.1 says. The request carries our Via on top with a fresh RFC 3261 branch. ACK has no
     * client transaction (§17.1.1.3, §13.2.2.4): send it on the flow directly. Allowed while
     * shutting down (CANCELs, forwarding of requests already accepted).
     *
     * @throws IllegalArgumentException for ACK or a top Via without a magic-cookie branch
     * @throws IllegalStateException if a client transaction with that branch and method exists
     */
    public ClientTransaction sendRequest(SipRequest request, Flow flow, ClientTransactionListener listener) {
        SipMethod method = request.method();
        if (method == SipMethod.ACK) {
            throw new IllegalArgumentException("ACK has no client transaction (RFC 3261 §17.1)");
        }
        Via via = request.topVia();
        if (via == null || !via.isRfc3261Branch()) {
            throw new IllegalArgumentException("the top Via needs an RFC 3261 branch: " + via);
        }
        TxKey key = new TxKey(via.branch(), null, -1, method);
        if (clients.containsKey(key)) {
            throw new IllegalStateException("a client transaction exists for " + key);
        }
        ClientTransaction tx = method == SipMethod.INVITE
            ? new InviteClientTransaction(this, request, flow, listener, key)
            : new NonInviteClientTransaction(this, request, flow, listener, key);
        clients.put(key, tx);
        tx.start();
        return tx;
    }

    // ------------------------------------------------------------------ bookkeeping

    /** Live server transactions. */
    public int serverCount() {
        return servers.size() + legacy.size();
    }

    /** Live client transactions. */
    public int clientCount() {
        return clients.size();
    }

    public int size() {
        return serverCount() + clientCount();
    }

    /** Called by a transaction entering Terminated (§17.1.1.2, §17.2.1: destroyed at once). */
    void removed(Transaction tx) {
        if (tx instanceof ClientTransaction c) {
            clients.remove(c.key, c);
        } else if (tx.key != null) {
            servers.remove(tx.key, (ServerTransaction) tx);
        } else {
            legacy.remove((ServerTransaction) tx);
        }
        if (drained != null && size() == 0 && !drained.isDone()) {
            // completed from the loop, not from inside the transition that ended the last transaction
            timers.schedule(() -> drained.complete(null), 0);
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Starts a graceful stop: live transactions run to their end. Requests that would start a
     * dialog or stand alone (no To tag) are answered with a stateless 503 (RFC 3261 §21.5.4)
     * instead of reaching the TU; in-dialog requests, CANCELs of live INVITEs and ACKs (except
     * those for these 503s) still reach it, so that calls can end. The stage completes once no
     * transaction waits for a final response; a caller with a deadline then calls {@link #close()}.
     */
    public CompletionStage<Void> shutdown() {
        if (drained == null) {
            drained = new CompletableFuture<>();
            pollDrained();
        }
        return drained;
    }

    /**
     * Completes the drain once no transaction waits for a final response: one that has its final
     * response only absorbs retransmissions (timers D, I, J, K), which nobody needs to wait for.
     */
    private void pollDrained() {
        if (drained.isDone()) {
            return;
        }
        if (pending() == 0) {
            drained.complete(null);
            return;
        }
        drainPoll = timers.schedule(this::pollDrained, 50);
    }

    /** Transactions still waiting for their final response. */
    public int pending() {
        int n = 0;
        for (ServerTransaction s : servers.values()) {
            n += s.hasFinalResponse() ? 0 : 1;
        }
        n += legacy.pending();
        for (ClientTransaction c : clients.values()) {
            n += c.hasFinalResponse() ? 0 : 1;
        }
        return n;
    }

    public boolean isShuttingDown() {
        return drained != null;
    }

    /** Stops at once: every transaction is terminated without callbacks and its timers cancelled. */
    public void close() {
        shutdown().toCompletableFuture().complete(null);
        if (drainPoll != null) {
            drainPoll.cancel();
        }
        List<Transaction> all = new ArrayList<>(size());
        all.addAll(servers.values());
        all.addAll(clients.values());
        all.addAll(legacy.all());
        for (Transaction tx : all) {
            tx.terminate();
        }
    }

    private boolean refusedWhileDraining(SipRequest request) {
        return request.to().tag() == null
            && !(request.method() == SipMethod.CANCEL && findInviteFor(request) != null);
    }

    private void rejectWhileDraining(SipRequest request, Flow flow) {
        SipResponse busy = SipResponse.forRequest(request, 503, "Service Unavailable").edit()
            .toTag(shutdownTag).build();
        flow.forResponse(request.topVia()).send(busy);
    }
}
