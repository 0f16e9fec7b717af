package io.tandem.media.ng;

/** An ng request that got no usable reply; {@link #kind} decides the SIP status the call fails with. */
public final class NgFailure extends RuntimeException {
    /** Why there is no answer. */
    public enum Kind {
        /** No reply within the request's time, retransmissions included. */
        TIMEOUT,
        /** The instance's port is closed (ICMP port unreachable) or the socket failed. */
        UNREACHABLE,
        /** No instance is up to take a new call. */
        NO_INSTANCE,
        /** rtpengine answered {@code result: error} (or a reply we cannot read). */
        REFUSED,
        /** A new call's request found {@code maxInFlight} requests in flight and {@code maxQueued} queued: not sent. */
        BUSY,
        /** A new call's request waited in the instance's queue past the request timeout: not sent. */
        EXPIRED
    }

    private final Kind kind;

    public NgFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the instance, not the request, is at fault (the next new call should go elsewhere). */
    public boolean instanceAtFault() {
        return kind == Kind.TIMEOUT || kind == Kind.UNREACHABLE;
    }

    /** The metric label: timeout, unreachable, no_instance, refused, busy, expired. */
    public String label() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
