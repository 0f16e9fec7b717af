package io.tandem.processor;

import java.util.List;

/**
 * A Processor's answer for a request: respond, forward, or drop. The EdgePort carries it out;
 * the Processor never touches a socket and holds no per-call state.
 */
public sealed interface Decision permits Decision.Respond, Decision.Forward, Decision.Drop {

    /** Answer the request with this status (the EdgePort builds the response per §8.2.6). */
    record Respond(int status, String reason, List<Header> headers, byte[] body, String contentType) implements Decision {
        public Respond {
            headers = List.copyOf(headers);
        }
    }

    /** Whether branches ring together or one after the other (RFC 3261 §16.6, §16.7). */
    enum Fork { PARALLEL, SERIAL }

    /**
     * Forward to these targets.
     *
     * @param headers header lines added to every branch
     * @param removeHeaders header names removed from every branch
     * @param body the body every branch carries instead of the request's (e.g. an SDP offer a media
     *     anchor rewrote, RFC 3264 §5); null keeps the request's body
     */
    record Forward(List<Target> targets, Fork fork, List<Header> headers, List<String> removeHeaders, Body body)
        implements Decision {
        public Forward {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("a forward needs at least one target");
            }
            targets = List.copyOf(targets);
            headers = List.copyOf(headers);
            removeHeaders = List.copyOf(removeHeaders);
        }

        /** A forward that keeps the request's body. */
        public Forward(List<Target> targets, Fork fork, List<Header> headers, List<String> removeHeaders) {
            this(targets, fork, headers, removeHeaders, null);
        }

        /** This forward with every branch carrying {@code replacement} as its body. */
        public Forward withBody(Body replacement) {
            return new Forward(targets, fork, headers, removeHeaders, replacement);
        }
    }

    /** A message body and its Content-Type (null keeps the request's Content-Type). */
    record Body(byte[] content, String contentType) {
        public Body {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /** Send nothing; {@code reason} is logged and counted. */
    record Drop(String reason) implements Decision {
    }

    static Respond respond(int status, String reason, Header... headers) {
        return new Respond(status, reason, List.of(headers), null, null);
    }

    static Forward forward(Target... targets) {
        return new Forward(List.of(targets), Fork.PARALLEL, List.of(), List.of());
    }

    static Forward serial(List<Target> targets) {
        return new Forward(targets, Fork.SERIAL, List.of(), List.of());
    }

    static Drop drop(String reason) {
        return new Drop(reason);
    }
}
