package io.tandem.media;

import io.tandem.processor.Decision;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Media anchoring around a Processor whose middleware chain is not ours: the Dispatcher of a split
 * deployment, called over gRPC from {@code tandem edgeport}. The EdgePort sees every request (its
 * decision from the remote Dispatcher), every relayed response and every ACK for a 2xx, so the
 * media middleware runs there, outermost as in {@code tandem run}: {@code after} on the remote
 * decision, {@code relaying} and {@code relayingAck} after the inner Processor's own hooks.
 */
public final class AnchoredProcessor implements Processor {
    private final Processor inner;
    private final MediaAnchor anchor;

    AnchoredProcessor(Processor inner, MediaAnchor anchor) {
        this.inner = inner;
        this.anchor = anchor;
    }

    @Override
    public CompletionStage<Decision> process(MessageContext context) {
        CompletionStage<Decision> decided = inner.process(context);
        return decided == null ? null : decided.thenCompose(d -> anchor.after(context, d));
    }

    @Override
    public boolean seesResponses() {
        return true;
    }

    @Override
    public CompletionStage<SipResponse> relaying(MessageContext request, SipResponse response) {
        CompletionStage<SipResponse> before = inner.seesResponses() ? inner.relaying(request, response)
            : CompletableFuture.completedFuture(response);
        return before.thenCompose(r -> anchor.relaying(request, r == null ? response : r));
    }

    @Override
    public CompletionStage<SipRequest> relayingAck(MessageContext ack) {
        if (!inner.seesResponses()) {
            return anchor.relayingAck(ack);
        }
        return inner.relayingAck(ack).thenCompose(a -> anchor.relayingAck(a == null || a == ack.request() ? ack
            : new MessageContext(ack.edgePortRef(), a, ack.transport(), ack.sourceHost(), ack.sourcePort(), ack.listeningPoint(),
                ack.listeningPoints(), ack.externalAddrs(), ack.localnets(), ack.dialogRouted())));
    }
}
