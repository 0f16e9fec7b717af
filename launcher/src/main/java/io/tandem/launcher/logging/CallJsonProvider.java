package io.tandem.launcher.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.AbstractJsonProvider;
import tools.jackson.core.JsonGenerator;

/**
 * Adds {@code call_id} and (when the call is traced) {@code trace_id} to a JSON log line written
 * while a SIP message is handled; a line of no call has neither field. The Processor's lines also
 * carry {@code trace_id} and {@code span_id} from the MDC (TracedProcessor).
 */
public final class CallJsonProvider extends AbstractJsonProvider<ILoggingEvent> {
    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) {
        CallFields f = CallFields.now();
        if (f.callId() != null) {
            generator.writeStringProperty("call_id", f.callId());
        }
        if (f.traceId() != null && !event.getMDCPropertyMap().containsKey("trace_id")) {
            generator.writeStringProperty("trace_id", f.traceId());
        }
    }
}
