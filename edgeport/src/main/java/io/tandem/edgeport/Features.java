package io.tandem.edgeport;

import io.tandem.edgeport.door.Door;
import io.tandem.edgeport.transport.MessageTap;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;

/**
 * What features attach to an EdgePort's seams: the door's filters (security), the call listeners
 * (accounting, dialogs, limits), the registry the EdgePort registers its own counters in, and the
 * tap that sees the bytes of every message in and out (capture).
 * The core knows none of the features; they come in through this record.
 */
public record Features(Door door, CallListener calls, MetricsRegistry metrics, MessageTap tap) {
    public Features {
        door = door == null ? Door.OPEN : door;
        calls = calls == null ? CallListener.NONE : calls;
        metrics = metrics == null ? new MetricsRegistry() : metrics;
        tap = tap == null ? MessageTap.NONE : tap;
    }

    /** Without a message tap. */
    public Features(Door door, CallListener calls, MetricsRegistry metrics) {
        this(door, calls, metrics, MessageTap.NONE);
    }

    /** No filters, no listeners, a private registry. */
    public static Features none() {
        return new Features(Door.OPEN, CallListener.NONE, new MetricsRegistry());
    }
}
