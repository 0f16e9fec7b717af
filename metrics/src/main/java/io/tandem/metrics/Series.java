package io.tandem.metrics;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * One registered series: its family's name, help and type, its labels as name/value pairs, and
 * where its value is read when exported. Immutable; the same object for the registry's life, so
 * an exporter may keep what it derived from it (its encoded name and labels).
 */
public record Series(String name, String help, Metric.Type type, List<String> labels, LongSupplier value) {
    public Series {
        labels = List.copyOf(labels);
    }

    /** Its value now. */
    public long read() {
        return value.getAsLong();
    }
}
