package io.tandem.launcher.logging;

import io.tandem.edgeport.transport.MessageScope;
import io.tandem.observability.trace.CallTracer;
import io.tandem.sip.message.SipMessage;

/**
 * The call a log line belongs to: the Call-ID of the message the logging thread handles now
 * ({@link MessageScope}) and the trace id of its attempt when tracing is on. Read when a line is
 * written, on the thread that writes it (Tandem's appenders are synchronous), so the message path
 * pays nothing for lines that are not written.
 */
record CallFields(String callId, String traceId) {
    static final CallFields NONE = new CallFields(null, null);

    static CallFields now() {
        SipMessage m = MessageScope.current();
        if (m == null) {
            return NONE;
        }
        String callId;
        try {
            callId = m.callId();
        } catch (RuntimeException e) {
            callId = null; // a message without a parsable Call-ID still gets its line
        }
        return callId == null ? NONE : new CallFields(callId, CallTracer.traceIdOf(callId));
    }
}
