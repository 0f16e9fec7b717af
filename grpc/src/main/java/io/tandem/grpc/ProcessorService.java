package io.tandem.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.routr.processor.MessageRequest;
import io.routr.processor.MessageResponse;
import io.routr.processor.ProcessorGrpc;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an in-process {@link Processor} as Routr's {@code Processor/ProcessMessage}: each
 * MessageRequest becomes a {@link MessageContext}, the Processor's decision goes back in Tandem's
 * field of the MessageResponse. A request that is not a Tandem EdgePort's (no wire form, not a
 * request) is refused INVALID_ARGUMENT naming the field; a Processor that fails gives INTERNAL.
 * Both are counted and logged at the 1st, 2nd, 4th, 8th... occurrence, so bad input never floods.
 */
public final class ProcessorService extends ProcessorGrpc.ProcessorImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorService.class);

    private final String name;
    private final Processor processor;
    private final LongAdder served = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** {@code name} names the processor in logs (e.g. "connect"). */
    public ProcessorService(String name, Processor processor) {
        this.name = name;
        this.processor = processor;
    }

    @Override
    public void processMessage(MessageRequest request, StreamObserver<MessageResponse> out) {
        MessageContext ctx;
        try {
            ctx = ProtoMessageRequest.toContext(request);
        } catch (IllegalArgumentException e) {
            refused.increment();
            logSometimes(refused, "refused a MessageRequest (ref {}): {}", request.getRef(), e.getMessage());
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        CompletionStage<Decision> stage;
        try {
            stage = processor.process(ctx);
        } catch (RuntimeException e) {
            fail(out, request, e);
            return;
        }
        stage.whenComplete((d, ex) -> {
            if (ex != null || d == null) {
                fail(out, request, ex != null ? ex : new NullPointerException("no decision"));
                return;
            }
            served.increment();
            try {
                out.onNext(ProtoDecision.of(d));
                out.onCompleted();
            } catch (RuntimeException cancelled) {
                // the caller gave up (its deadline passed): nothing left to answer
            }
        });
    }

    /** Requests answered with a decision. */
    public long served() {
        return served.sum();
    }

    /** Requests refused as malformed. */
    public long refused() {
        return refused.sum();
    }

    /** Requests the Processor failed on. */
    public long failed() {
        return failed.sum();
    }

    private void fail(StreamObserver<MessageResponse> out, MessageRequest request, Throwable e) {
        failed.increment();
        logSometimes(failed, "processor failed on {} (ref {}): {}", request.getMethod(), request.getRef(), e.toString());
        try {
            out.onError(Status.INTERNAL.withDescription(name + " failed: " + e).asRuntimeException());
        } catch (RuntimeException cancelled) {
            // the caller gave up already
        }
    }

    /** Logs when the count is a power of two: the first failures in full, then ever more rarely. */
    private void logSometimes(LongAdder count, String format, Object... args) {
        long n = count.sum();
        if (Long.bitCount(n) == 1) {
            LOG.warn("{}: " + format + " ({} so far)", prepend(name, args, n));
        }
    }

    private static Object[] prepend(String first, Object[] args, long n) {
        Object[] out = new Object[args.length + 2];
        out[0] = first;
        System.arraycopy(args, 0, out, 1, args.length);
        out[out.length - 1] = n;
        return out;
    }
}
