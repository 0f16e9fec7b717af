package io.tandem.dispatcher;

import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs around the Processor, in process (Routr's Middleware, without gRPC). {@code before} runs in
 * the configured order and may return a changed context: the next middlewares and the Processor
 * see its request, and the request forwarded carries its edits (what may change:
 * {@link RequestEdit}; an edit that may not is answered 500 naming the middleware); {@code after} runs in reverse order, only
 * for entries with {@code postProcessor: true}, and may change the decision. A method that throws,
 * returns null or completes exceptionally makes the Dispatcher answer 503 naming the middleware.
 * {@code relaying} sees the responses relayed upstream, in reverse order like {@code after}, for
 * middlewares whose {@link #seesResponses} is true (a media anchor rewriting the SDP of a 183/200),
 * and {@code relayingAck} the ACKs for 2xx relayed end to end (the SDP answer of a late offer).
 * Implementations must be thread-safe and must not block the calling thread.
 */
public interface Middleware {

    /**
     * Completing {@link #before} exceptionally with this answers the request with {@code decision}
     * at once: neither the next middlewares nor the Processor see it (Routr: a middleware that
     * answers a response breaks the chain).
     */
    final class Answer extends RuntimeException {
        private final transient Decision decision;

        public Answer(Decision decision) {
            super("answered by a middleware", null, false, false);
            this.decision = java.util.Objects.requireNonNull(decision, "decision");
        }

        public Decision decision() {
            return decision;
        }
    }

    /**
     * Completing {@link #before} exceptionally with this answers the request with 500 naming the
     * middleware and {@code reason} (what is wrong with the request it sent back); the Dispatcher
     * logs each middleware's reason once.
     */
    final class BrokenRequest extends RuntimeException {
        public BrokenRequest(String reason) {
            super(java.util.Objects.requireNonNull(reason, "reason"), null, false, false);
        }
    }

    /** Called before the Processor is chosen; by default passes the context on unchanged. */
    default CompletionStage<MessageContext> before(MessageContext context) {
        return CompletableFuture.completedFuture(context);
    }

    /**
     * Called with the decision of the rest of the chain (a Processor's, or the Dispatcher's 405 or
     * 503); {@code context} is the one this middleware was handed in {@link #before}.
     */
    default CompletionStage<Decision> after(MessageContext context, Decision decision) {
        return CompletableFuture.completedFuture(decision);
    }

    /** Whether {@link #relaying} is called; false by default, so responses skip this middleware. */
    default boolean seesResponses() {
        return false;
    }

    /**
     * A response relayed upstream for the request whose context {@code request} is (the one the
     * EdgePort built, before any {@code before} changed it); completes with the response to send.
     * A throw, a failed stage or null: the response goes on as it was given here (counted, logged).
     */
    default CompletionStage<SipResponse> relaying(MessageContext request, SipResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    /**
     * An ACK for a 2xx relayed end to end ({@link io.tandem.processor.Processor#relayingAck}), for
     * middlewares whose {@link #seesResponses} is true, in the order of {@link #relaying}; completes
     * with the ACK to send. A throw, a failed stage or null: the ACK goes on as it was given here.
     */
    default CompletionStage<SipRequest> relayingAck(MessageContext ack) {
        return CompletableFuture.completedFuture(ack.request());
    }
}
