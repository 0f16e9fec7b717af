package io.tandem.launcher.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %call} in a text pattern: {@code " call=CALL-ID"} (and {@code " trace=ID"} when traced), or nothing. */
public final class CallConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        CallFields f = CallFields.now();
        if (f.callId() == null) {
            return "";
        }
        return f.traceId() == null ? " call=" + f.callId() : " call=" + f.callId() + " trace=" + f.traceId();
    }
}
