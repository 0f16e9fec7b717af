package io.tandem.grpc;

import io.routr.processor.MessageRequest;
import io.tandem.dispatcher.Middleware;
import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.sip.message.SipRequest;
import java.util.concurrent.CompletionStage;

/**
 * A dispatcher.yaml middleware in another process, reached as Routr reaches one: it serves the
 * {@code Processor/ProcessMessage} contract and gets the request. Its answer, in Tandem's terms:
 * <ul>
 *   <li>a response (Routr: a {@code response_type}; Tandem: a Respond decision) or a drop answers
 *       the request: before the Processor ({@code postProcessor: false}) it breaks the chain, as in
 *       Routr; after it ({@code postProcessor: true}) it replaces the Processor's decision;
 *   <li>anything else (the request sent back, a forward) lets the request go on: before the
 *       Processor, with the edits the middleware made to it ({@link ProtoRequestEdit}; the
 *       Dispatcher refuses those that may not be made, with 500 naming the middleware); after it,
 *       the Processor's decision stands.
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
        MessageRequest sent = ProtoMessageRequest.of(context);
        return remote.exchange(sent).thenApply(reply -> {
            Decision d = reply.failure() != null ? reply.failure() : remote.decision(reply.answer());
            if (answers(d)) {
                throw new Answer(d);
            }
            SipRequest edited = ProtoRequestEdit.read(context.request(), sent.getMessage(), reply.answer(), d);
            return edited == context.request() ? context : context.withRequest(edited);
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
