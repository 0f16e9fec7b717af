package io.tandem.edgeport.transport;

import io.tandem.sip.message.SipMessage;

/**
 * The SIP message the current thread is handling: set by the transport while it delivers a message
 * and by the EdgePort while a shard handles it, so that a log line written meanwhile can name the
 * call (Call-ID, trace id) without every caller passing it along. One thread-local write on entry
 * and one on exit; nothing is parsed until a line is written.
 */
public final class MessageScope {
    private static final ThreadLocal<SipMessage> CURRENT = new ThreadLocal<>();

    private MessageScope() {
    }

    /** Makes {@code m} current; returns what was, to give back to {@link #exit}. */
    public static SipMessage enter(SipMessage m) {
        SipMessage before = CURRENT.get();
        CURRENT.set(m);
        return before;
    }

    /** Restores what {@link #enter} returned. */
    public static void exit(SipMessage before) {
        CURRENT.set(before);
    }

    /** {@code executor}, running each task with {@code m} current: for the continuations of a message's work. */
    public static java.util.concurrent.Executor on(java.util.concurrent.Executor executor, SipMessage m) {
        return task -> executor.execute(() -> {
            SipMessage before = enter(m);
            try {
                task.run();
            } finally {
                exit(before);
            }
        });
    }

    /** The message being handled on this thread, or null. */
    public static SipMessage current() {
        return CURRENT.get();
    }
}
