package io.tandem.dispatcher;

import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs around the Processor, in process (Routr's Middleware, without gRPC). {@code before} runs in
 * the configured order and may return a changed context; {@code after} runs in reverse order, only
 * for entries with {@code postProcessor: true}, and may change the decision. A method that throws,
 * returns null or completes exceptionally makes the Dispatcher answer 503 naming the middleware.
 * Implementations must be thread-safe and must not block the calling thread.
 */
public interface Middleware {

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
}
