package io.tandem.accounting.call;

/**
 * Where a call attempt is (RFC 3261 §12, §13): {@code TRYING} from the INVITE to the first
 * provisional response with a To tag, {@code EARLY} with an early dialog, {@code ANSWERED} once a
 * 2xx went upstream (the dialog exists), {@code CONFIRMED} once its ACK came, {@code ENDED} after
 * BYE, CANCEL, a failure or a timeout. The only moves are forward; ENDED is final.
 */
public enum CallPhase {
    TRYING, EARLY, ANSWERED, CONFIRMED, ENDED;

    /** Whether a 2xx went upstream: the call has an answer time and a dialog. */
    public boolean answered() {
        return this == ANSWERED || this == CONFIRMED;
    }
}
