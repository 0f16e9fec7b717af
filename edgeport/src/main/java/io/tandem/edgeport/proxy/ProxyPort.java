package io.tandem.edgeport.proxy;

import io.tandem.edgeport.transaction.TimerService;
import io.tandem.edgeport.transaction.TimerSettings;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/**
 * What a {@link ResponseContext} and its {@link Branch}es need from the proxy: the narrow port
 * between the forking logic (RFC 3261 §16.7, §16.8, §16.10) and the transports, transactions and
 * call events behind it. {@link ProxyCore} provides the real one; tests drive the forking logic
 * through their own. Every method runs on the shard's event loop.
 */
interface ProxyPort {
    TimerService timers();

    TimerSettings timerSettings();

    /**
     * Resolves, connects and sends branch {@code b} (§16.6); ends it with a status on failure.
     * Completes later, never inside the caller (a branch failing at once must not end the context
     * before its siblings exist), by calling {@link Branch#started} or {@link Branch#failed}.
     */
    void startBranch(Branch b);

    /** §22.2, §22.3: sends {@code b} again answering {@code challenge}; false when it cannot. */
    boolean resendWithCredentials(Branch b, SipResponse challenge);

    /** §9.1: a CANCEL for branch {@code b}, in its own client transaction. */
    void sendCancel(Branch b);

    /** Sends a response upstream in the context's server transaction (§16.7 steps 5, 9, 10). */
    void relay(ResponseContext ctx, SipResponse response);

    /** A response we generate for {@code req} (§8.2.6; §16.7 step 6 for a branch with none). */
    SipResponse synthesize(SipRequest req, int status);

    /** Every branch of {@code ctx} has ended and its final response went upstream. */
    void contextDone(ResponseContext ctx);

    /** True when {@code via} is one of ours (a response we synthesized carries the caller's Via on top). */
    boolean isOwnVia(Via via);
}
