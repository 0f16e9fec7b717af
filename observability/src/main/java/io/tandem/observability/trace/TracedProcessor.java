package io.tandem.observability.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.sip.message.SipResponse;
import java.util.concurrent.CompletionStage;
import org.slf4j.MDC;

/**
 * A Processor (the Dispatcher, or one it routes to) as a span of the call's trace, current while
 * it runs so that what it calls (a Location lookup, another Processor) nests under it; the trace
 * and span ids are in the MDC ({@code trace_id}, {@code span_id}) of the log lines it writes then.
 */
public final class TracedProcessor implements Processor {
    private final Processor inner;
    private final Tracer tracer;
    private final String name;

    public TracedProcessor(Processor inner, Tracer tracer, String name) {
        this.inner = inner;
        this.tracer = tracer;
        this.name = name;
    }

    @Override
    public CompletionStage<Decision> process(MessageContext context) {
        Span span = tracer.spanBuilder(name).setParent(CallTracer.current())
            .setAttribute(CallTracer.METHOD, context.request().method().name()).startSpan();
        CompletionStage<Decision> stage;
        try (Scope ignored = span.makeCurrent(); TraceIds ids = TraceIds.of(span)) {
            stage = inner.process(context);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            span.end();
            throw e;
        }
        if (stage == null) {
            span.end();
            return null;
        }
        return stage.whenComplete((d, e) -> {
            if (e != null) {
                span.setStatus(StatusCode.ERROR, e.toString());
            } else if (d != null) {
                span.setAttribute("tandem.decision", d.getClass().getSimpleName());
            }
            span.end();
        });
    }

    @Override
    public boolean seesResponses() {
        return inner.seesResponses();
    }

    @Override
    public CompletionStage<SipResponse> relaying(MessageContext request, SipResponse response) {
        return inner.relaying(request, response);
    }

    @Override
    public CompletionStage<io.tandem.sip.message.SipRequest> relayingAck(MessageContext ack) {
        return inner.relayingAck(ack);
    }

    /** The span's ids in the MDC, and what was there before back on close. */
    record TraceIds(String traceBefore, String spanBefore) implements AutoCloseable {
        static TraceIds of(Span span) {
            TraceIds before = new TraceIds(MDC.get("trace_id"), MDC.get("span_id"));
            MDC.put("trace_id", span.getSpanContext().getTraceId());
            MDC.put("span_id", span.getSpanContext().getSpanId());
            return before;
        }

        @Override
        public void close() {
            restore("trace_id", traceBefore);
            restore("span_id", spanBefore);
        }

        private static void restore(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
