package io.tandem.metrics;

import java.util.List;

/**
 * One series as exported: name, help, type, labels as name/value pairs, value.
 */
public record Metric(String name, String help, Type type, List<String> labels, long value) {
    public enum Type { COUNTER, GAUGE }

    public Metric {
        labels = List.copyOf(labels);
    }
}
