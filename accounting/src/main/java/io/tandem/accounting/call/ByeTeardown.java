package io.tandem.accounting.call;

import io.tandem.edgeport.uac.UserAgentClient;
import io.tandem.sip.message.SipRequest;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends BYE into both legs through the EdgePort's user agent client (RFC 3261 §15.1.1, as a
 * B2BUA would; Tandem stays a proxy otherwise): toward the callee as the caller would (From the
 * caller, To the callee), toward the caller as the callee would, each along its leg's route set,
 * with a Reason header (RFC 3326) saying why.
 */
public final class ByeTeardown implements Teardown {
    private static final Logger LOG = LoggerFactory.getLogger(ByeTeardown.class);

    private final Supplier<UserAgentClient> userAgent;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** @param userAgent the EdgePort's, once it has started (null before: nothing is sent) */
    public ByeTeardown(Supplier<UserAgentClient> userAgent) {
        this.userAgent = userAgent;
    }

    @Override
    public void hangUp(Legs legs, String reason) {
        UserAgentClient uac = userAgent.get();
        if (uac == null) {
            return;
        }
        if (legs.calleeTarget() != null && legs.calleeTo() != null) {
            send(uac, bye(legs.calleeTarget(), legs.routeToCallee(), legs.callerFrom(), legs.calleeTo(), legs.callId(),
                legs.cseqToCallee(), reason), "callee");
        }
        if (legs.callerTarget() != null && legs.calleeTo() != null) {
            send(uac, bye(legs.callerTarget(), legs.routeToCaller(), legs.calleeTo(), legs.callerFrom(), legs.callId(),
                legs.cseqToCaller(), reason), "caller");
        }
    }

    public long sent() {
        return sent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    private void send(UserAgentClient uac, SipRequest bye, String side) {
        sent.increment();
        try {
            uac.send(bye).whenComplete((r, err) -> {
                if (err != null || r.status() >= 300) {
                    failed.increment();
                }
                LOG.debug("BYE to the {} of {}: {}", side, bye.callId(), err != null ? err.toString() : r.status() + " " + r.reason());
            });
        } catch (RuntimeException e) {
            failed.increment();
            LOG.debug("BYE to the {} of {} not sent: {}", side, bye.callId(), e.toString());
        }
    }

    static SipRequest bye(String target, List<String> route, String from, String to, String callId, long cseq, String reason) {
        return InDialogRequest.of("BYE", target, route, from, to, callId, cseq, reason);
    }
}
