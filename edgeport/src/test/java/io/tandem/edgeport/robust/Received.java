package io.tandem.edgeport.robust;

import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;

/** One message as read from a socket: its exact text and its parse. */
record Received(String text, SipMessage message) {
    String startLine() {
        int eol = text.indexOf("\r\n");
        return eol < 0 ? text : text.substring(0, eol);
    }

    SipResponse response() {
        if (!(message instanceof SipResponse r)) {
            throw new AssertionError("expected a response, got " + startLine());
        }
        return r;
    }

    SipRequest request() {
        if (!(message instanceof SipRequest r)) {
            throw new AssertionError("expected a request, got " + startLine());
        }
        return r;
    }

    @Override
    public String toString() {
        return text;
    }
}
