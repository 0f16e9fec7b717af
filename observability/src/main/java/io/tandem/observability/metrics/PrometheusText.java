package io.tandem.observability.metrics;

import io.tandem.metrics.Metric;
import io.tandem.metrics.Series;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes series in the Prometheus text exposition format 0.0.4: one {@code # HELP} and one
 * {@code # TYPE} line per family, then its series, each with the given constant labels first
 * (the EdgePort's ref). What does not change between scrapes is encoded once: each series' line
 * up to its value (and, before a family's first series, the family's two comment lines) is kept
 * as bytes for as long as the registries hand the same lists of series; a scrape then writes
 * those bytes and formats the values only. Thread-safe (a scrape at a time).
 */
public final class PrometheusText {
    private final List<String> constant;
    private List<Series> encodedShared;
    private List<Series> encodedOwn;
    private byte[][] heads = new byte[0][];
    private Series[] series = new Series[0];
    private final byte[] digits = new byte[20];

    /** @param constant label name, value pairs put on every series */
    public PrometheusText(List<String> constant) {
        this.constant = List.copyOf(constant);
    }

    /**
     * Writes the series of two registries (each sorted by name, as {@code MetricsRegistry.series()}
     * returns them) as one exposition: merged by name, {@code shared}'s first within a family.
     */
    public synchronized void write(List<Series> shared, List<Series> own, ByteArrayOutputStream out) {
        if (shared != encodedShared || own != encodedOwn) {
            encode(shared, own);
        }
        for (int i = 0; i < series.length; i++) {
            out.write(heads[i], 0, heads[i].length);
            value(series[i].read(), out);
            out.write('\n');
        }
    }

    private void encode(List<Series> shared, List<Series> own) {
        List<Series> merged = new ArrayList<>(shared.size() + own.size());
        int a = 0;
        int b = 0;
        while (a < shared.size() || b < own.size()) {
            boolean fromShared = b == own.size()
                || a < shared.size() && shared.get(a).name().compareTo(own.get(b).name()) <= 0;
            merged.add(fromShared ? shared.get(a++) : own.get(b++));
        }
        byte[][] h = new byte[merged.size()][];
        String family = null;
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < merged.size(); i++) {
            Series s = merged.get(i);
            line.setLength(0);
            if (!s.name().equals(family)) {
                family = s.name();
                line.append("# HELP ").append(family).append(' ');
                escape(s.help(), false, line);
                line.append("\n# TYPE ").append(family).append(' ')
                    .append(s.type() == Metric.Type.COUNTER ? "counter" : "gauge").append('\n');
            }
            line.append(s.name());
            if (!constant.isEmpty() || !s.labels().isEmpty()) {
                line.append('{');
                boolean first = labels(constant, true, line);
                labels(s.labels(), first, line);
                line.append('}');
            }
            line.append(' ');
            h[i] = line.toString().getBytes(StandardCharsets.UTF_8);
        }
        heads = h;
        series = merged.toArray(Series[]::new);
        encodedShared = shared;
        encodedOwn = own;
    }

    /** The value in decimal, without a String. */
    private void value(long v, ByteArrayOutputStream out) {
        if (v == Long.MIN_VALUE) {
            byte[] min = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            out.write(min, 0, min.length);
            return;
        }
        if (v < 0) {
            out.write('-');
            v = -v;
        }
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        out.write(digits, at, digits.length - at);
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
