package io.tandem.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The one place where every component registers what it counts (Kamailio's statistics: a module
 * exports its counters, the core knows none of them). A component registers a metric once, at
 * start, and updates it on the hot path without touching the registry: a {@link Counter} is a
 * LongAdder, a gauge or a counter read from elsewhere is a {@link LongSupplier} read only when
 * exported. Names follow Prometheus conventions ({@code tandem_sip_requests_total}); a series is a
 * name plus labels, registered at most once. Thread-safe: registrations take the registry's
 * monitor (they are rare), an export reads a sorted list built once per change of the set of
 * series.
 */
public final class MetricsRegistry {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    /** Every series in export order; null after a registration until the next export builds it again. */
    private volatile List<Series> sorted;

    /** A new counter, incremented by its owner. */
    public Counter counter(String name, String help, String... labels) {
        Counter c = new Counter();
        register(name, help, Metric.Type.COUNTER, labels, c::value);
        return c;
    }

    /** A counter whose value lives elsewhere (an existing LongAdder), read when exported. */
    public void counter(String name, String help, LongSupplier value, String... labels) {
        register(name, help, Metric.Type.COUNTER, labels, value);
    }

    /** A value that goes up and down (open connections, live dialogs), read when exported. */
    public void gauge(String name, String help, LongSupplier value, String... labels) {
        register(name, help, Metric.Type.GAUGE, labels, value);
    }

    /** Every series, sorted by name then labels, with its current value. */
    public List<Metric> snapshot() {
        List<Series> all = series();
        List<Metric> out = new ArrayList<>(all.size());
        for (Series x : all) {
            out.add(new Metric(x.name(), x.help(), x.type(), x.labels(), x.read()));
        }
        return out;
    }

    /**
     * Every series, sorted by name then labels: the same list (same object) until a series is
     * registered, so that an exporter can tell when what it encoded from it is still good.
     */
    public List<Series> series() {
        List<Series> s = sorted;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (sorted == null) {
                List<Series> all = new ArrayList<>();
                for (Family f : families.values()) {
                    all.addAll(f.series.values());
                }
                all.sort(Comparator.comparing(Series::name).thenComparing(x -> x.labels().toString()));
                sorted = List.copyOf(all);
            }
            return sorted;
        }
    }

    /** The current value of one series, or -1 when it is not registered. */
    public long value(String name, String... labels) {
        Family f = families.get(name);
        Series s = f == null ? null : f.series.get(new Labels(labels));
        return s == null ? -1 : s.read();
    }

    private synchronized void register(String name, String help, Metric.Type type, String[] labels, LongSupplier value) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' is not [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException(name + ": labels come in name, value pairs");
        }
        for (int i = 0; i < labels.length; i += 2) {
            if (!LABEL.matcher(labels[i]).matches()) {
                throw new IllegalArgumentException(name + ": label name '" + labels[i] + "' is not [a-zA-Z_][a-zA-Z0-9_]*");
            }
        }
        Family f = families.computeIfAbsent(name, n -> new Family(n, help, type));
        if (f.type != type) {
            throw new IllegalArgumentException(name + " is registered as a " + f.type + ", not a " + type);
        }
        Labels key = new Labels(labels);
        if (f.series.containsKey(key)) {
            throw new IllegalArgumentException(name + " " + List.of(labels) + " is registered already");
        }
        f.series.put(key, new Series(f.name, f.help, type, key.pairs(), value));
        sorted = null;
    }

    private record Labels(List<String> pairs) {
        Labels(String[] pairs) {
            this(List.of(pairs));
        }
    }

    private static final class Family {
        final String name;
        final String help;
        final Metric.Type type;
        final Map<Labels, Series> series = new ConcurrentHashMap<>();

        Family(String name, String help, Metric.Type type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }
    }
}
