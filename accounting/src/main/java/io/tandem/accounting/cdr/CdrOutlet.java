package io.tandem.accounting.cdr;

import java.util.List;

/**
 * Where CDRs go (the database table, the NATS stream). {@link #write} is called from the outlet's
 * own thread; it either stores the whole batch or throws, and may be called again with the same
 * CDRs after a failure (at-least-once): storing one twice must be harmless (its id is the key).
 */
public interface CdrOutlet extends AutoCloseable {
    /** A short name for logs and metric labels: {@code database}, {@code nats}. */
    String name();

    void write(List<Cdr> batch) throws Exception;

    @Override
    default void close() {
    }
}
