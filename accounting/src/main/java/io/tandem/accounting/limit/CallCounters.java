package io.tandem.accounting.limit;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The counters the limits are kept in: this node's memory, or Redis shared by every EdgePort.
 * {@link #acquire} takes a share of every slot or of none.
 */
public interface CallCounters extends AutoCloseable {
    /** Completes with -1 when every slot was taken, else the index of the first slot that was full (nothing taken). */
    CompletionStage<Integer> acquire(List<Slot> slots);

    /** Gives back the held slots of a call that ended. */
    void release(List<Slot> slots);

    @Override
    default void close() {
    }
}
