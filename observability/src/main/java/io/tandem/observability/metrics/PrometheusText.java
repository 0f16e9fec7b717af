package io.tandem.observability.metrics;

import io.tandem.metrics.Metric;
import java.util.List;

/**
 * Writes series in the Prometheus text exposition format 0.0.4: one {@code # HELP} and one
 * {@code # TYPE} line per family, then its series, each with the given constant labels first
 * (the EdgePort's ref). The series must come grouped by name, as {@code MetricsRegistry.snapshot()}
 * returns them.
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** @param constant label name, value pairs put on every series */
    public static void write(List<Metric> series, List<String> constant, StringBuilder out) {
        String family = null;
        for (Metric m : series) {
            if (!m.name().equals(family)) {
                family = m.name();
                out.append("# HELP ").append(family).append(' ');
                escape(m.help(), false, out);
                out.append("\n# TYPE ").append(family).append(' ')
                    .append(m.type() == Metric.Type.COUNTER ? "counter" : "gauge").append('\n');
            }
            out.append(m.name());
            if (!constant.isEmpty() || !m.labels().isEmpty()) {
                out.append('{');
                boolean first = labels(constant, true, out);
                labels(m.labels(), first, out);
                out.append('}');
            }
            out.append(' ').append(m.value()).append('\n');
        }
    }

    private static boolean labels(List<String> pairs, boolean first, StringBuilder out) {
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(pairs.get(i)).append("=\"");
            escape(pairs.get(i + 1), true, out);
            out.append('"');
        }
        return first;
    }

    /** Backslash and newline, and in label values the double quote, are escaped (the format's only escapes). */
    static void escape(String s, boolean labelValue, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
