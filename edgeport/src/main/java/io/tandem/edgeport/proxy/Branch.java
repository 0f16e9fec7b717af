package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.ClientTransaction;
import io.tandem.edgeport.transaction.ClientTransactionListener;
import io.tandem.edgeport.transaction.TimerService;
import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.DigestSecret;
import io.tandem.processor.Target;
import io.tandem.sip.auth.Challenge;
import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.auth.DigestClient;
import io.tandem.sip.auth.DigestCredentials;
import io.tandem.sip.header.CSeq;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One branch of a forwarded request (RFC 3261 §16.6-§16.8): its client transaction, whether a
 * provisional response has come (a CANCEL may only be sent then, §9.1), and timer C for INVITE.
 * A target with credentials answers the first 401/407 of its branch itself (§22.2, §22.3): the
 * request goes again, CSeq + 1, in a new client transaction; the challenge never goes upstream,
 * and the responses that do carry the caller's CSeq number again. It acts through its context's
 * {@link ProxyPort}.
 */
final class Branch implements ClientTransactionListener {
    final ResponseContext context;
    /** Null once the branch has ended (see {@link #shed()}). */
    Target target;
    SipRequest request;
    Flow flow;
    ClientTransaction tx;
    private boolean provisional;
    private boolean done;
    private boolean cancelWanted;
    private boolean cancelSent;
    /** True once the request went again with credentials: a second challenge is final. */
    private boolean retried;
    private TimerService.Timer timerC;
    /** 64·T1 after our CANCEL: the end of waiting for the INVITE's final response (§9.1). */
    private TimerService.Timer cancelGuard;

    Branch(ResponseContext context, Target target) {
        this.context = context;
        this.target = target;
    }

    /**
     * The branch has ended: its request and target (needed only to CANCEL or to retry with
     * credentials, both before the end) are let go (see ResponseContext).
     */
    void shed() {
        request = null;
        target = null;
    }

    boolean isDone() {
        return done;
    }

    /** True once the branch is to be cancelled (upstream CANCEL, a 2xx or 6xx elsewhere). */
    boolean isCancelWanted() {
        return cancelWanted;
    }

    /** Called once the request is sent in a client transaction. */
    void started(SipRequest sent, Flow via, ClientTransaction clientTx) {
        this.request = sent;
        this.flow = via;
        this.tx = clientTx;
        if (context.isInvite()) {
            restartTimerC();
        }
        if (cancelWanted) {
            requestCancel();
        }
    }

    /** §16.8: timer C, reset by each provisional response. */
    private void restartTimerC() {
        if (timerC != null) {
            timerC.cancel();
        }
        timerC = context.port().timers().schedule(this::timerC, context.port().timerSettings().timerCMillis());
    }

    private void timerC() {
        timerC = null;
        if (done) {
            return;
        }
        if (provisional) {
            requestCancel();
        } else {
            finish(408, null); // §16.8: as if a 408 had arrived
        }
    }

    /** Cancels this branch: now if a provisional response came, else as soon as one comes (§9.1). */
    void requestCancel() {
        cancelWanted = true;
        // §9.1: only an INVITE is cancelled (a non-INVITE branch of a fork runs to its end)
        if (done || cancelSent || tx == null || !provisional || !context.isInvite()) {
            return;
        }
        cancelSent = true;
        context.port().sendCancel(this);
        // §9.1: with no final response 64·T1 after the CANCEL, the INVITE counts as cancelled and
        // its client transaction is destroyed; otherwise a callee that ignores the CANCEL would
        // hold the branch (Proceeding has no timer) and the caller's final response forever.
        stopTimerC();
        cancelGuard = context.port().timers().schedule(this::cancelGuardFired, context.port().timerSettings().transactionTimeout());
    }

    private void cancelGuardFired() {
        cancelGuard = null;
        if (!done) {
            tx.terminate();
            // cancelled by the caller: 487; by timer C (§16.8): the search timed out
            finish(context.isCancelled() ? 487 : 408, null);
        }
    }

    @Override
    public void onResponse(ClientTransaction clientTx, SipResponse response) {
        int status = response.status();
        if (status < 200) {
            provisional = true;
            if (context.isInvite() && !cancelSent) {
                restartTimerC(); // after our CANCEL its 64·T1 guard takes over
            }
            if (cancelWanted) {
                requestCancel();
            }
            if (!done) {
                context.onProvisional(this, upstream(response));
            }
            return;
        }
        if (status < 300) {
            // Every 2xx to an INVITE goes upstream, retransmissions included (§16.7 step 5, RFC 6026).
            stopTimers();
            done = true;
            context.onSuccess(this, upstream(response));
            return;
        }
        if ((status == 401 || status == 407) && !retried && !done && target.credentials() != null && !cancelWanted
            && !context.isCancelled()) {
            retried = true;
            provisional = false; // a CANCEL waits for a provisional response of the new transaction (§9.1)
            if (context.port().resendWithCredentials(this, response)) {
                return;
            }
        }
        finish(status, upstream(response));
    }

    /**
     * After a retry with credentials our CSeq number is one above the caller's: a response goes
     * upstream with the caller's own again (the caller matches it to its request, §8.1.3.3).
     */
    private SipResponse upstream(SipResponse r) {
        if (!retried) {
            return r;
        }
        CSeq mine = r.cseq();
        long callers = context.callerCSeq;
        if (mine == null || mine.sequence() == callers) {
            return r;
        }
        return r.edit().set("CSeq", callers + " " + mine.method().name()).build();
    }

    /**
     * RFC 3261 §22.2, §22.3: {@code sent} again, answering the first Digest challenge of
     * {@code challenge} (WWW-Authenticate of a 401, Proxy-Authenticate of a 407) whose algorithm
     * and qop we support with {@code secret}: same Call-ID, From, To, Request-URI and Route, CSeq
     * + 1, our Via with {@code branch} (a new client transaction), and an Authorization or
     * Proxy-Authorization header. Null when no challenge can be answered.
     */
    static SipRequest withCredentials(SipRequest sent, SipResponse challenge, DigestSecret secret, String branch) {
        boolean proxy = challenge.status() == 407;
        List<Challenge> offered = proxy ? challenge.proxyAuthenticate() : challenge.wwwAuthenticate();
        for (Challenge c : offered) {
            if (!(c instanceof DigestChallenge d) || d.algorithm().isEmpty()) {
                continue;
            }
            DigestCredentials answer;
            try {
                answer = DigestClient.respond(d, secret.username(), secret.password(), sent.method().name(),
                    sent.requestUriText(), sent.body(), cnonce(), 1);
            } catch (IllegalArgumentException unsupportedQop) {
                continue;
            }
            CSeq cseq = sent.cseq();
            var e = sent.edit()
                .set("CSeq", (cseq.sequence() + 1) + " " + cseq.method().name())
                .replaceTopVia(sent.topVia().withParam("branch", branch))
                .add(proxy ? "Proxy-Authorization" : "Authorization", answer.toString());
            markCSeqShift(e, sent, cseq.sequence());
            return e.build();
        }
        return null;
    }

    /**
     * The callee now knows this INVITE by CSeq n+1, but the caller's ACK for the 2xx will carry n
     * (§13.2.2.4: the ACK's CSeq number is the INVITE's). Our Record-Route entries (the sealed
     * ones) record the shift as {@code tdmcs=n.n+1}, so that the ACK coming back along the route
     * set can be renumbered (see {@link RoutePreprocessor}).
     */
    private static void markCSeqShift(io.tandem.sip.message.RequestEditor e, SipRequest sent, long n) {
        List<io.tandem.sip.header.NameAddress> rr = sent.recordRoutes();
        boolean ours = false;
        for (var r : rr) {
            ours |= r.uri() instanceof io.tandem.sip.uri.SipUri u && u.param(DialogSeal.PARAM) != null;
        }
        if (!ours) {
            return;
        }
        e.remove("Record-Route");
        for (var r : rr) {
            if (r.uri() instanceof io.tandem.sip.uri.SipUri u && u.param(DialogSeal.PARAM) != null) {
                r = r.withUri(u.withParam(RoutePreprocessor.CSEQ_SHIFT, n + "." + (n + 1)));
            }
            e.add("Record-Route", r.toString());
        }
    }

    private static String cnonce() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void onTimeout(ClientTransaction clientTx) {
        finish(408, null);
    }

    @Override
    public void onTransportError(ClientTransaction clientTx, Throwable cause) {
        finish(503, null); // §16.7 step 1 via §8.1.3.1: a transport failure counts as 503
    }

    /** Ends the branch with a final status before it was sent (no route, connection failure). */
    void failed(int status) {
        finish(status, null);
    }

    private void finish(int status, SipResponse response) {
        if (done) {
            return;
        }
        stopTimers();
        done = true;
        context.onFinal(this, status, response);
    }

    private void stopTimerC() {
        if (timerC != null) {
            timerC.cancel();
            timerC = null;
        }
    }

    private void stopTimers() {
        stopTimerC();
        if (cancelGuard != null) {
            cancelGuard.cancel();
            cancelGuard = null;
        }
    }
}
