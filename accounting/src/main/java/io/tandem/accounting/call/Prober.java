package io.tandem.accounting.call;

/**
 * Finds dead ends of confirmed calls: in-dialog OPTIONS to both (the keep-alive of
 * {@code timeouts.keepAliveSeconds}). An end that answers 481 (the dialog is gone, RFC 3261
 * §12.2.2) or 408 (no answer: the transaction timed out) is dead; any other answer, 405 and 501
 * included, says the end is there.
 */
@FunctionalInterface
public interface Prober {
    Prober NONE = (legs, dead) -> {
    };

    /** Sends the OPTIONS of {@code legs} (their CSeq numbers); must not block. */
    void probe(Legs legs, DeadEnd dead);

    /** Told, on whatever thread the answer came, which end is dead and what it answered (408 for none). */
    @FunctionalInterface
    interface DeadEnd {
        void found(HangupSide side, int status);
    }
}
