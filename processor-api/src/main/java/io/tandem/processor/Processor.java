package io.tandem.processor;

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
}
