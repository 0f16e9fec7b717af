package io.tandem.media;

import io.tandem.processor.CallListener;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import io.tandem.sip.SipMethod;
import io.tandem.sip.message.SipRequest;

/**
 * Deletes an anchored call's media when the call ends, from the proxy's call events: the initial
 * INVITE ended without a 2xx (rejected, cancelled: 487, timed out, or dropped), or a BYE's
 * transaction ended (RFC 3261 §15). A failed re-INVITE keeps the call (§14.1). Cheap on the hot
 * path: one map lookup per event, the delete itself goes out asynchronously. It also notes where
 * an INVITE without SDP was sent, the source of the late offer its 18x/2xx will carry.
 */
public final class MediaCallEnd implements CallListener {
    private final MediaAnchor anchor;

    public MediaCallEnd(MediaAnchor anchor) {
        this.anchor = anchor;
    }

    /** Where an INVITE's branch went: the source of a late offer (see {@link MediaAnchor#branchSent}). */
    @Override
    public void branchSent(SipRequest request, SipRequest sent, Transport transport, InetSocketAddress destination) {
        if (request.to().tag() == null && request.bodyLength() == 0 && request.method().equals(SipMethod.INVITE)) {
            anchor.branchSent(request.callId(), destination.getAddress() == null ? destination.getHostString()
                : destination.getAddress().getHostAddress());
        }
    }

    @Override
    public void transactionEnded(SipRequest request, int status) {
        SipMethod m = request.method();
        if (m.equals(SipMethod.BYE)) {
            anchor.delete(request.callId(), "BYE");
        } else if (m.equals(SipMethod.INVITE) && request.to().tag() == null && (status >= 300 || status == 0)) {
            anchor.delete(request.callId(), status == 0 ? "INVITE ended without a response" : "INVITE answered " + status);
        }
    }
}
