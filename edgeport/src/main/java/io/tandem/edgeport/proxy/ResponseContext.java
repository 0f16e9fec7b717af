package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.ServerTransaction;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Target;
import io.tandem.sip.SipMethod;
import io.tandem.sip.message.ResponseEditor;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The response context of one forwarded request (RFC 3261 §16.7): its branches, the targets left
 * for a serial fork, and the best final response so far. Provisional responses and every 2xx go
 * upstream at once; other finals wait until no branch is pending, then the best one goes
 * (§16.7 step 6). A 2xx or 6xx cancels the pending branches (§16.7 step 10, step 5). It talks
 * to the rest of the proxy through its {@link ProxyPort} only.
 */
final class ResponseContext {
    private static final String[] CHALLENGES = {"WWW-Authenticate", "Proxy-Authenticate"};
    private static final CompletableFuture<Void> NOTHING_PENDING = CompletableFuture.completedFuture(null);

    private final ProxyPort port;
    final ServerTransaction server;
    /** What the Processor was given for the request (for the responses' relaying hook). */
    final MessageContext request;
    /** The last response on its way upstream through a relaying hook (see {@link ProxyPort#relay}). */
    CompletionStage<Void> relayTail = NOTHING_PENDING;
    /**
     * The request as forwarded (route-processed, Max-Forwards decremented): base of every branch;
     * null once every branch has ended.
     */
    SipRequest base;
    private final boolean invite;
    /** The caller's CSeq number: responses to a branch retried with credentials carry it again. */
    final long callerCSeq;
    private final List<Branch> branches = new ArrayList<>(2);
    private final ArrayDeque<Target> serial = new ArrayDeque<>();
    private final List<SipResponse> finals = new ArrayList<>(2);
    private boolean finalSent;
    private boolean cancelled;
    private boolean sixxx;
    /** Every branch has ended and the kept messages are lean (2xx retransmissions come back here). */
    private boolean shed;
    /** Loop-detection hash of the request, reused in every branch id (§16.6 step 8). */
    String loopHash;
    /** A connection named by a flow token in our Route entry (in-dialog requests), or null. */
    FlowToken.Decoded flowHint;

    ResponseContext(ProxyPort port, ServerTransaction server, SipRequest base, MessageContext request) {
        this.port = port;
        this.server = server;
        this.request = request;
        this.base = base;
        this.invite = base.method() == SipMethod.INVITE;
        this.callerCSeq = base.cseq().sequence();
    }

    ProxyPort port() {
        return port;
    }

    boolean isInvite() {
        return invite;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Starts the branches of a Forward decision. */
    void start(Decision.Forward forward) {
        if (forward.fork() == Decision.Fork.SERIAL) {
            serial.addAll(forward.targets());
            startBranch(serial.poll());
        } else {
            for (Target t : forward.targets()) {
                startBranch(t);
            }
        }
    }

    private void startBranch(Target target) {
        Branch b = new Branch(this, target);
        branches.add(b);
        port.startBranch(b);
    }

    /** §16.7 step 5: provisional responses other than 100 are forwarded at once. */
    void onProvisional(Branch b, SipResponse r) {
        if (r.status() == 100 || finalSent) {
            return;
        }
        port.relay(this, r.edit().popVia().build());
    }

    /** A 2xx: forwarded at once; other branches are cancelled. */
    void onSuccess(Branch b, SipResponse r) {
        port.relay(this, r.edit().popVia().build());
        if (!finalSent) {
            finalSent = true;
            serial.clear();
            for (Branch o : branches) {
                if (o != b) {
                    o.requestCancel();
                }
            }
        }
        maybeFinish();
    }

    /** A final non-2xx status for a branch; {@code r} is null when synthesized (timeout, transport error). */
    void onFinal(Branch b, int status, SipResponse r) {
        if (r == null && cancelled) {
            // §16.10: the caller ended the search; a branch that ended without an answer (timer B
            // before any provisional, so no CANCEL could be sent, §9.1) reports 487, not 408
            status = 487;
        }
        if (r != null) {
            finals.add(r);
        } else {
            finals.add(port.synthesize(server.request(), status));
        }
        if (status >= 600 && !sixxx) {
            sixxx = true;
            serial.clear();
            for (Branch o : branches) {
                o.requestCancel();
            }
        }
        // Serial fork: a failure of this target (timeout, 5xx, transport error) moves on to the next.
        if (!finalSent && !cancelled && !sixxx && !serial.isEmpty() && (status == 408 || status >= 500)) {
            startBranch(serial.poll());
            return;
        }
        maybeFinish();
    }

    /** An upstream CANCEL (§16.10): stop the search and cancel every pending branch. */
    void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        serial.clear();
        for (Branch b : branches) {
            b.requestCancel();
        }
        maybeFinish();
    }

    private void maybeFinish() {
        for (Branch b : branches) {
            if (!b.isDone()) {
                return;
            }
        }
        port.contextDone(this);
        if (!finalSent) {
            finalSent = true;
            port.relay(this, finals.isEmpty() ? port.synthesize(server.request(), cancelled ? 487 : 408) : best());
        }
        if (shed) {
            return;
        }
        shed = true;
        // Every branch has ended: what stays (for 2xx retransmissions through the branches' client
        // transactions, RFC 6026 §7.2) needs no request and no other responses; a new branch,
        // the only user of the base request, can no longer start.
        finals.clear();
        base = null;
        for (Branch b : branches) {
            b.shed();
        }
    }

    /** §16.7 step 6: a 6xx, else the lowest class; 4xx preferring 401/407/415/420/484; 503 becomes 500. */
    private SipResponse best() {
        SipResponse best = null;
        for (SipResponse r : finals) {
            if (best == null || rank(r.status()) < rank(best.status())) {
                best = r;
            }
        }
        boolean synthesized = best.topVia() != null && !port.isOwnVia(best.topVia());
        ResponseEditor e = best.edit();
        if (!synthesized) {
            e.popVia();
        }
        if (best.status() == 503) {
            e.status(500, "Server Internal Error");
        }
        if (best.status() == 401 || best.status() == 407) {
            // §16.7 step 7: the WWW-Authenticate and Proxy-Authenticate values of every other 401
            // and 407 are added, so that the client can answer all of them at once.
            for (SipResponse r : finals) {
                if (r != best && (r.status() == 401 || r.status() == 407)) {
                    for (String h : CHALLENGES) {
                        for (String v : r.headers(h)) {
                            e.add(h, v);
                        }
                    }
                }
            }
        }
        return e.build();
    }

    /** Lower is better: 6xx, then by class; within 4xx the ones a client can act on (§16.7 step 6). */
    private static int rank(int status) {
        if (status >= 600) {
            return 0;
        }
        boolean preferred = status == 401 || status == 407 || status == 415 || status == 420 || status == 484;
        return status / 100 * 100 + (preferred ? 0 : 1);
    }
}
