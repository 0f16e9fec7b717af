package io.tandem.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.routr.processor.MessageRequest;
import io.routr.processor.MessageResponse;
import io.routr.processor.ProcessorGrpc;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Processor} in another process, reached over gRPC ({@code Processor/ProcessMessage}).
 * Non-blocking: each request is one asynchronous call with a deadline; its answer completes the
 * stage on gRPC's own threads (the EdgePort moves back to the call's shard). A call that fails is
 * answered, never thrown: 503 (Routr: an unreachable processor gives 503), with the reason naming
 * the processor and what happened (unreachable, timed out, or the status it returned); an answer
 * that carries no decision is a 503 too. Failures are counted; the log has one line when the
 * processor becomes unreachable and one when it answers again. While the connection is down it is
 * retried every {@value GrpcLink#RECONNECT_MILLIS} ms (gRPC's own back-off grows to two minutes), so a
 * restarted processor is used again within that time, without a restart of the EdgePort.
 */
public final class RemoteProcessor implements Processor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteProcessor.class);

    private final String kind;
    private final String ref;
    private final String target;
    private final long deadlineMillis;
    private final GrpcLink link;
    private final ProcessorGrpc.ProcessorStub stub;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /**
     * @param ref the processor's ref (in reasons and logs)
     * @param target "host:port" (Routr's {@code addr}), or any gRPC target ("dns:///host:port")
     * @param deadlineMillis how long one call may take
     */
    public RemoteProcessor(String ref, String target, long deadlineMillis) {
        this(ref, target, deadlineMillis, null);
    }

    /** As above, over TLS when {@code security} is not null. */
    public RemoteProcessor(String ref, String target, long deadlineMillis, LinkSecurity security) {
        this("processor", ref, target, deadlineMillis, security);
    }

    /** As above; {@code kind} ("processor", "middleware") names it in reasons and logs. */
    RemoteProcessor(String kind, String ref, String target, long deadlineMillis, LinkSecurity security) {
        if (deadlineMillis <= 0) {
            throw new IllegalArgumentException("deadline must be positive, not " + deadlineMillis);
        }
        this.kind = kind;
        this.ref = ref;
        this.target = target;
        this.deadlineMillis = deadlineMillis;
        this.link = new GrpcLink(target, security);
        this.stub = ProcessorGrpc.newStub(link.channel());
    }

    @Override
    public CompletionStage<Decision> process(MessageContext context) {
        return exchange(ProtoMessageRequest.of(context)).thenApply(r -> r.failure() != null ? r.failure() : decision(r.answer()));
    }

    /** What one call brought back: the processor's answer, or the 503 a failed call gives (then answer is null). */
    record Reply(MessageResponse answer, Decision failure) {
    }

    /** Sends {@code request}; completes with the answer or the 503 of a call that failed (never exceptionally). */
    CompletionStage<Reply> exchange(MessageRequest request) {
        calls.increment();
        CompletableFuture<Reply> out = new CompletableFuture<>();
        stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
            .processMessage(request, new StreamObserver<>() {
                @Override
                public void onNext(MessageResponse response) {
                    answered();
                    out.complete(new Reply(response, null));
                }

                @Override
                public void onError(Throwable t) {
                    out.complete(new Reply(null, failure(Status.fromThrowable(t))));
                }

                @Override
                public void onCompleted() {
                    if (!out.isDone()) {
                        out.complete(new Reply(null, failed("answered nothing", true)));
                    }
                }
            });
        return out;
    }

    /** The decision {@code answer} carries, or a 503 naming the processor when it carries none. */
    Decision decision(MessageResponse answer) {
        try {
            return ProtoDecision.toDecision(answer);
        } catch (IllegalArgumentException e) {
            return failed("answered no decision (" + e.getMessage() + ")", true);
        }
    }

    /** Readiness (for {@code /readyz}): see {@link GrpcLink#readiness()}. */
    public CompletionStage<Void> readiness() {
        return link.readiness();
    }

    /** Whether the last call reached the processor. */
    public boolean reachable() {
        return reachable.get();
    }

    /** Requests sent. */
    public long calls() {
        return calls.sum();
    }

    /** Requests answered 503 because the call failed or its answer carried no decision. */
    public long failures() {
        return failures.sum();
    }

    public String describe() {
        return ref + " at " + target;
    }

    @Override
    public void close() {
        link.close();
    }

    private Decision failure(Status s) {
        return switch (s.getCode()) {
            case UNAVAILABLE -> {
                if (reachable.compareAndSet(true, false)) {
                    LOG.warn(kind + " {} is unreachable ({}{}): answering 503 until it is back", describe(), s.getDescription(),
                        s.getCause() == null ? "" : ": " + s.getCause());
                }
                yield failed("unreachable", false);
            }
            case DEADLINE_EXCEEDED -> failed("timed out after " + deadlineMillis + " ms", true);
            default -> failed("failed: " + s.getCode() + (s.getDescription() == null ? "" : " " + s.getDescription()), true);
        };
    }

    /** A 503 naming the processor; {@code answered}: the processor was reached (it is up). */
    private Decision failed(String what, boolean answered) {
        failures.increment();
        if (answered) {
            answered();
        }
        return Decision.respond(503, "Service Unavailable (" + kind + " " + ref + " " + what + ")");
    }

    private void answered() {
        if (reachable.compareAndSet(false, true)) {
            LOG.info(kind + " {} answers again", describe());
        }
    }
}
