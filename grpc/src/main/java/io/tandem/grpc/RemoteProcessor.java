package io.tandem.grpc;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.routr.processor.MessageResponse;
import io.routr.processor.ProcessorGrpc;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * retried every {@value #RECONNECT_MILLIS} ms (gRPC's own back-off grows to two minutes), so a
 * restarted processor is used again within that time, without a restart of the EdgePort.
 */
public final class RemoteProcessor implements Processor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteProcessor.class);
    static final long RECONNECT_MILLIS = 500;
    static final long READY_WAIT_MILLIS = 1000;
    /** Schedules the reconnections of every remote processor; one daemon thread, idle while all are up. */
    private static final ScheduledExecutorService RECONNECTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tandem-grpc-reconnect");
        t.setDaemon(true);
        return t;
    });

    private final String ref;
    private final String target;
    private final long deadlineMillis;
    private final ManagedChannel channel;
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
        if (deadlineMillis <= 0) {
            throw new IllegalArgumentException("deadline must be positive, not " + deadlineMillis);
        }
        this.ref = ref;
        this.target = target;
        this.deadlineMillis = deadlineMillis;
        this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor().build();
        this.stub = ProcessorGrpc.newStub(channel);
        channel.getState(true); // connect now, not on the first request
        watchConnection();
    }

    @Override
    public CompletionStage<Decision> process(MessageContext context) {
        calls.increment();
        CompletableFuture<Decision> out = new CompletableFuture<>();
        stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
            .processMessage(ProtoMessageRequest.of(context), new StreamObserver<>() {
                @Override
                public void onNext(MessageResponse response) {
                    Decision d;
                    try {
                        d = ProtoDecision.toDecision(response);
                    } catch (IllegalArgumentException e) {
                        d = failed("answered no decision (" + e.getMessage() + ")", true);
                    }
                    answered();
                    out.complete(d);
                }

                @Override
                public void onError(Throwable t) {
                    out.complete(failure(Status.fromThrowable(t)));
                }

                @Override
                public void onCompleted() {
                    if (!out.isDone()) {
                        out.complete(failed("answered nothing", true));
                    }
                }
            });
        return out;
    }

    /**
     * Readiness (for {@code /readyz}): completes when the connection to the processor is up;
     * fails at once, naming its address, while it is down (TRANSIENT_FAILURE), and after
     * {@value #READY_WAIT_MILLIS} ms while it is still connecting. Asks for a connection when
     * the channel is idle.
     */
    public CompletionStage<Void> readiness() {
        CompletableFuture<Void> out = new CompletableFuture<>();
        awaitReady(channel.getState(true), out);
        RECONNECTS.schedule(() -> out.completeExceptionally(new IllegalStateException(
            "still connecting to " + target + " after " + READY_WAIT_MILLIS + " ms")), READY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        return out;
    }

    private void awaitReady(ConnectivityState state, CompletableFuture<Void> out) {
        switch (state) {
            case READY -> out.complete(null);
            case TRANSIENT_FAILURE, SHUTDOWN -> out.completeExceptionally(new IllegalStateException(
                "unreachable at " + target + " (" + state + ")"));
            default -> channel.notifyWhenStateChanged(state, () -> {
                if (!out.isDone()) {
                    awaitReady(channel.getState(false), out);
                }
            });
        }
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
        channel.shutdownNow();
    }

    /** While the connection is in TRANSIENT_FAILURE, retries it every RECONNECT_MILLIS instead of gRPC's back-off. */
    private void watchConnection() {
        ConnectivityState state = channel.getState(false);
        if (state == ConnectivityState.SHUTDOWN) {
            return;
        }
        if (state == ConnectivityState.TRANSIENT_FAILURE) {
            RECONNECTS.schedule(() -> {
                channel.resetConnectBackoff();
                watchConnection();
            }, RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.notifyWhenStateChanged(state, this::watchConnection);
        }
    }

    private Decision failure(Status s) {
        return switch (s.getCode()) {
            case UNAVAILABLE -> {
                if (reachable.compareAndSet(true, false)) {
                    LOG.warn("processor {} is unreachable ({}{}): answering 503 until it is back", describe(), s.getDescription(),
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
        return Decision.respond(503, "Service Unavailable (processor " + ref + " " + what + ")");
    }

    private void answered() {
        if (reachable.compareAndSet(false, true)) {
            LOG.info("processor {} answers again", describe());
        }
    }
}
