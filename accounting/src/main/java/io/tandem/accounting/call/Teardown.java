package io.tandem.accounting.call;

/** Ends both legs of a dialog Tandem gave up on (a timeout): BYE to the caller and to the callee. */
@FunctionalInterface
public interface Teardown {
    Teardown NONE = (legs, reason) -> {
    };

    /** Must not block; {@code reason} goes into the BYEs' Reason header. */
    void hangUp(Legs legs, String reason);
}
