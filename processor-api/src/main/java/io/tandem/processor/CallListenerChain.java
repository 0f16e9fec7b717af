package io.tandem.processor;

import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import java.util.List;

/** Several {@link CallListener}s, each called in order. */
final class CallListenerChain implements CallListener {
    private final CallListener[] listeners;

    CallListenerChain(List<? extends CallListener> listeners) {
        this.listeners = listeners.toArray(new CallListener[0]);
    }

    @Override
    public void requestReceived(MessageContext request) {
        for (CallListener l : listeners) {
            l.requestReceived(request);
        }
    }

    @Override
    public void branchSent(SipRequest request, SipRequest sent, Transport transport, InetSocketAddress destination) {
        for (CallListener l : listeners) {
            l.branchSent(request, sent, transport, destination);
        }
    }

    @Override
    public void responseSent(SipRequest request, InetSocketAddress source, SipResponse response, boolean local) {
        for (CallListener l : listeners) {
            l.responseSent(request, source, response, local);
        }
    }

    @Override
    public void ackReceived(SipRequest ack) {
        for (CallListener l : listeners) {
            l.ackReceived(ack);
        }
    }

    @Override
    public void cancelReceived(SipRequest cancel, boolean matched) {
        for (CallListener l : listeners) {
            l.cancelReceived(cancel, matched);
        }
    }

    @Override
    public void transactionEnded(SipRequest request, int status) {
        for (CallListener l : listeners) {
            l.transactionEnded(request, status);
        }
    }
}
