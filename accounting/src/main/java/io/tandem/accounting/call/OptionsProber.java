package io.tandem.accounting.call;

import io.tandem.edgeport.uac.UserAgentClient;
import io.tandem.sip.message.SipRequest;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The keep-alive through the EdgePort's user agent client: OPTIONS into both legs, as each end's peer would send it. */
public final class OptionsProber implements Prober {
    private static final Logger LOG = LoggerFactory.getLogger(OptionsProber.class);

    private final Supplier<UserAgentClient> userAgent;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dead = new LongAdder();

    /** @param userAgent the EdgePort's, once it has started (null before: nothing is sent) */
    public OptionsProber(Supplier<UserAgentClient> userAgent) {
        this.userAgent = userAgent;
    }

    @Override
    public void probe(Legs legs, DeadEnd deadEnd) {
        UserAgentClient uac = userAgent.get();
        if (uac == null || legs.calleeTo() == null) {
            return;
        }
        if (legs.calleeTarget() != null) {
            send(uac, InDialogRequest.of("OPTIONS", legs.calleeTarget(), legs.routeToCallee(), legs.callerFrom(), legs.calleeTo(),
                legs.callId(), legs.cseqToCallee(), null), HangupSide.CALLEE, deadEnd);
        }
        if (legs.callerTarget() != null) {
            send(uac, InDialogRequest.of("OPTIONS", legs.callerTarget(), legs.routeToCaller(), legs.calleeTo(), legs.callerFrom(),
                legs.callId(), legs.cseqToCaller(), null), HangupSide.CALLER, deadEnd);
        }
    }

    /** OPTIONS sent. */
    public long sent() {
        return sent.sum();
    }

    /** Ends found dead (481 or 408). */
    public long dead() {
        return dead.sum();
    }

    private void send(UserAgentClient uac, SipRequest options, HangupSide side, DeadEnd deadEnd) {
        sent.increment();
        try {
            uac.send(options).whenComplete((r, err) -> {
                int status = err != null ? 0 : r.status();
                LOG.debug("keep-alive of {} to the {}: {}", options.callId(), side, err != null ? err.toString() : status);
                if (status == 408 || status == 481) {
                    dead.increment();
                    deadEnd.found(side, status);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("keep-alive of {} to the {} not sent: {}", options.callId(), side, e.toString());
        }
    }
}
