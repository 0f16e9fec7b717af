package io.tandem.processor;

import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides what happens to a request; mirrors Routr's Processor gRPC service
 * ({@code processMessage}). Called for every new request except CANCEL, which the proxy core
 * matches to its INVITE (RFC 3261 §16.10), and ACKs that follow a Route set. An ACK addressed to the
 * EdgePort itself with no Route left is also passed here: only a Forward's first target is used.
 * Implementations must not block the calling thread: return a stage completed later if they
 * wait for I/O. In-process Processors return an already completed stage.
 */
@FunctionalInterface
public interface Processor {
    CompletionStage<Decision> process(MessageContext context);

    /**
     * Whether {@link #relaying} must see the responses relayed upstream. False (the default) keeps
     * responses off this path entirely: the proxy relays them at once.
     */
    default boolean seesResponses() {
        return false;
    }

    /**
     * A response from a branch on its way upstream (§16.7 steps 5 and 9: provisional, 2xx, best
     * final) for the request {@code request} was processed with; completes with the response to
     * send instead (e.g. with its SDP rewritten by a media anchor), or the same one. The proxy
     * keeps the order of a context's responses: the next one waits for this stage. A stage that
     * fails or completes with null sends the response unchanged (counted and logged).
     * Responses Tandem generates itself (a Respond decision, 408, 503...) do not come here.
     */
    default CompletionStage<SipResponse> relaying(MessageContext request, SipResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    /**
     * An ACK for a 2xx on its way downstream, end to end (RFC 3261 §13.2.2.4, §16.11 applied to
     * ACK, RFC 6026 §7.1: no transaction, the Processor chose no route for it), called only when
     * {@link #seesResponses} is true: in a late offer (§13.2.1) the ACK carries the SDP answer,
     * which a media anchor rewrites. {@code ack} is the context of the ACK (its Route entry for us
     * removed); completes with the ACK to send, or the same one. A stage that fails or completes
     * with null sends it unchanged.
     */
    default CompletionStage<SipRequest> relayingAck(MessageContext ack) {
        return CompletableFuture.completedFuture(ack.request());
    }
}
