package io.tandem.grpc;

import io.tandem.dispatcher.Middleware;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import java.util.concurrent.CompletionStage;

/**
 * A dispatcher.yaml middleware in another process, reached as Routr reaches one: it serves the
 * {@code Processor/ProcessMessage} contract and gets the request. Its answer, in Tandem's terms:
 * <ul>
 *   <li>a response (Routr: a {@code response_type}; Tandem: a Respond decision) or a drop answers
 *       the request: before the Processor ({@code postProcessor: false}) it breaks the chain, as in
 *       Routr; after it ({@code postProcessor: true}) it replaces the Processor's decision;
 *   <li>anything else (the request sent back, a forward) lets the request go on unchanged: edits a
 *       middleware makes to the request are not applied.
 * </ul>
 * One that cannot be reached, times out or fails answers 503 naming the middleware (Routr:
 * MiddlewareUnavailableError), as a remote processor does ({@link RemoteProcessor}).
 */
public final class RemoteMiddleware implements Middleware, AutoCloseable {
    private final RemoteProcessor remote;
    private final boolean postProcessor;

    public RemoteMiddleware(String ref, String target, boolean postProcessor, long deadlineMillis, LinkSecurity security) {
        this.remote = new RemoteProcessor("middleware", ref, target, deadlineMillis, security);
        this.postProcessor = postProcessor;
    }

    @Override
    public CompletionStage<MessageContext> before(MessageContext context) {
        if (postProcessor) {
            return java.util.concurrent.CompletableFuture.completedFuture(context);
        }
        return remote.process(context).thenApply(d -> {
            if (answers(d)) {
                throw new Answer(d);
            }
            return context;
        });
    }

    @Override
    public CompletionStage<Decision> after(MessageContext context, Decision decision) {
        return remote.process(context).thenApply(d -> answers(d) ? d : decision);
    }

    private static boolean answers(Decision d) {
        return d instanceof Decision.Respond || d instanceof Decision.Drop;
    }

    /** Readiness (for {@code /readyz}), as {@link RemoteProcessor#readiness()}. */
    public CompletionStage<Void> readiness() {
        return remote.readiness();
    }

    public String describe() {
        return remote.describe();
    }

    @Override
    public void close() {
        remote.close();
    }
}
