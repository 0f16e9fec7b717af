package io.tandem.observability.metrics;

import io.micrometer.core.instrument.Timer;
import io.tandem.metrics.Counter;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.sip.message.SipResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A Processor timed: how long each decision took (a histogram), and how many failed. */
public final class TimedProcessor implements Processor {
    private final Processor inner;
    private final Timer latency;
    private final Counter errors;

    public TimedProcessor(Processor inner, Timer latency, Counter errors) {
        this.inner = inner;
        this.latency = latency;
        this.errors = errors;
    }

    @Override
    public CompletionStage<Decision> process(MessageContext context) {
        long t0 = System.nanoTime();
        CompletionStage<Decision> stage;
        try {
            stage = inner.process(context);
        } catch (RuntimeException e) {
            errors.increment();
            throw e;
        }
        if (stage == null) {
            return null;
        }
        CompletableFuture<Decision> f = stage.toCompletableFuture();
        if (f.isDone()) { // in-process processors: no callback to allocate
            done(t0, f.isCompletedExceptionally());
            return f;
        }
        return stage.whenComplete((d, e) -> done(t0, e != null));
    }

    private void done(long t0, boolean failed) {
        latency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        if (failed) {
            errors.increment();
        }
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
}
