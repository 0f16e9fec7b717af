package io.tandem.edgeport.proxy;

import io.tandem.edgeport.log.RateLimitedLog;
import io.tandem.processor.CallListener;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import org.slf4j.LoggerFactory;

/**
 * The configured call listeners as the core calls them: a listener that throws cannot break the
 * call or the shard; each throw is counted ({@link ProxyStats#listenerErrors}) and logged, at
 * most a few lines a second.
 */
final class GuardedCallListener implements CallListener {
    private static final RateLimitedLog LOG = RateLimitedLog.of(LoggerFactory.getLogger(GuardedCallListener.class));

    private final CallListener inner;
    private final ProxyStats stats;

    private GuardedCallListener(CallListener inner, ProxyStats stats) {
        this.inner = inner;
        this.stats = stats;
    }

    /** {@code inner} guarded; {@link CallListener#NONE} as it is (nothing to guard). */
    static CallListener of(CallListener inner, ProxyStats stats) {
        return inner == CallListener.NONE ? inner : new GuardedCallListener(inner, stats);
    }

    private void failed(String event, RuntimeException e) {
        stats.listenerErrors.increment();
        LOG.warn("a call listener failed on {}: {}", event, e.toString());
    }

    @Override
    public void requestReceived(MessageContext request) {
        try {
            inner.requestReceived(request);
        } catch (RuntimeException e) {
            failed("requestReceived", e);
        }
    }

    @Override
    public void branchSent(SipRequest request, SipRequest sent, Transport transport, InetSocketAddress destination) {
        try {
            inner.branchSent(request, sent, transport, destination);
        } catch (RuntimeException e) {
            failed("branchSent", e);
        }
    }

    @Override
    public void responseSent(SipRequest request, InetSocketAddress source, SipResponse response, boolean local) {
        try {
            inner.responseSent(request, source, response, local);
        } catch (RuntimeException e) {
            failed("responseSent", e);
        }
    }

    @Override
    public void ackReceived(SipRequest ack) {
        try {
            inner.ackReceived(ack);
        } catch (RuntimeException e) {
            failed("ackReceived", e);
        }
    }

    @Override
    public void cancelReceived(SipRequest cancel, boolean matched) {
        try {
            inner.cancelReceived(cancel, matched);
        } catch (RuntimeException e) {
            failed("cancelReceived", e);
        }
    }

    @Override
    public void transactionEnded(SipRequest request, int status) {
        try {
            inner.transactionEnded(request, status);
        } catch (RuntimeException e) {
            failed("transactionEnded", e);
        }
    }
}
