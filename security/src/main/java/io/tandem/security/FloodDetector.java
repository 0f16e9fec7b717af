package io.tandem.security;

import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.Verdict;
import io.tandem.edgeport.transport.Flow;
import io.tandem.security.SecurityConfig.Flood;
import io.tandem.sip.SipMethod;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Flood detection, like Kamailio's pike: requests per source in a sampling window (all of them,
 * and optionally INVITEs and REGISTERs on their own limits), retransmissions included. A source
 * over a limit is banned; a trusted one has its own limit ({@code trustedMaxRequests}, default
 * none) and is only dropped above it, never banned. Responses are not counted.
 */
final class FloodDetector implements InboundFilter {
    static final Verdict FLOOD = new Verdict.Drop("flood");

    private final Flood limits;
    private final BanPolicy policy;
    private final LongSupplier clock;
    private final WindowCounter<InetAddress> requests;
    private final WindowCounter<InetAddress> invites;
    private final WindowCounter<InetAddress> registers;
    private final LongAdder dropped = new LongAdder();

    FloodDetector(Flood limits, BanPolicy policy, LongSupplier clock) {
        this.limits = limits;
        this.policy = policy;
        this.clock = clock;
        long window = TimeUnit.SECONDS.toMillis(limits.windowSeconds());
        requests = new WindowCounter<>(window, 200_000);
        invites = new WindowCounter<>(window, 200_000);
        registers = new WindowCounter<>(window, 200_000);
    }

    @Override
    public Verdict check(SipMessage message, Flow flow) {
        if (!(message instanceof SipRequest req)) {
            return Verdict.PASS;
        }
        InetAddress source = flow.remote().getAddress();
        long now = clock.getAsLong();
        if (policy.isTrusted(source)) {
            if (limits.trustedMaxRequests() > 0 && requests.add(source, now) > limits.trustedMaxRequests()) {
                dropped.increment();
                return FLOOD;
            }
            return Verdict.PASS;
        }
        int n = limits.maxRequests() > 0 ? requests.add(source, now) : 0;
        if (n > limits.maxRequests() && limits.maxRequests() > 0) {
            return flooded(source, n + " requests");
        }
        SipMethod m = req.method();
        if (SipMethod.INVITE.equals(m) && limits.maxInvites() > 0 && (n = invites.add(source, now)) > limits.maxInvites()) {
            return flooded(source, n + " INVITEs");
        }
        if (SipMethod.REGISTER.equals(m) && limits.maxRegisters() > 0 && (n = registers.add(source, now)) > limits.maxRegisters()) {
            return flooded(source, n + " REGISTERs");
        }
        return Verdict.PASS;
    }

    private Verdict flooded(InetAddress source, String what) {
        dropped.increment();
        policy.ban(source, "flood", what + " in " + limits.windowSeconds() + " s");
        return FLOOD;
    }

    void sweep(long now) {
        requests.sweep(now);
        invites.sweep(now);
        registers.sweep(now);
    }

    long dropped() {
        return dropped.sum();
    }
}
