package io.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the usual command line (everything {@code org.openjdk.jmh.Main} accepts), then
 * prints the Tandem/JAIN-SIP comparison as a markdown table and, when the system property
 * {@code tandem.bench.table} names a file, writes it there. Benchmarks named
 * {@code <task>_tandem} and {@code <task>_jainSip} with a {@code message} parameter are paired.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(options).run();
        String table = table(results);
        System.out.println();
        System.out.println(table);
        String file = System.getProperty("tandem.bench.table");
        if (file != null && !file.isEmpty()) {
            Files.writeString(Path.of(file), table);
        }
    }

    /** Tasks in the order the table lists them; others follow in the order JMH reported them. */
    private static final List<String> TASK_ORDER = List.of("routing", "everyHeader");

    /** One measured benchmark: wall-clock score, CPU time and allocation per operation. */
    record Cell(double ns, double nsError, double cpuNs, double bytes) {
    }

    static String table(Collection<RunResult> results) {
        // task -> message -> side -> cell, in first-seen order
        Map<String, Map<String, Map<String, Cell>>> cells = new LinkedHashMap<>();
        BenchmarkParams any = null;
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            any = p;
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            int us = method.lastIndexOf('_');
            String message = p.getParam("message");
            if (us < 0 || message == null) {
                continue;
            }
            String task = method.substring(0, us);
            String side = method.substring(us + 1);
            Result primary = r.getPrimaryResult();
            Cell c = new Cell(primary.getScore(), primary.getScoreError(),
                secondary(r, "cpu.time.norm"), secondary(r, "gc.alloc.rate.norm"));
            cells.computeIfAbsent(task, k -> new LinkedHashMap<>())
                .computeIfAbsent(message, k -> new LinkedHashMap<>())
                .put(side, c);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| message | task | Tandem ns/op | JAIN-SIP ns/op | speedup | Tandem CPU ns/op | JAIN-SIP CPU ns/op | CPU speedup | Tandem B/op | JAIN-SIP B/op |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> messages = new ArrayList<>(List.of(Messages.NAMES));
        for (Map<String, Map<String, Cell>> byMessage : cells.values()) {
            for (String m : byMessage.keySet()) {
                if (!messages.contains(m)) {
                    messages.add(m);
                }
            }
        }
        List<Map.Entry<String, Map<String, Map<String, Cell>>>> tasks = new ArrayList<>(cells.entrySet());
        tasks.sort(java.util.Comparator.comparingInt(e -> TASK_ORDER.indexOf(e.getKey()) < 0 ? TASK_ORDER.size() : TASK_ORDER.indexOf(e.getKey())));
        for (String message : messages) {
            for (Map.Entry<String, Map<String, Map<String, Cell>>> task : tasks) {
                Map<String, Cell> sides = task.getValue().get(message);
                if (sides == null) {
                    continue;
                }
                Cell t = sides.get("tandem");
                Cell j = sides.get("jainSip");
                sb.append("| ").append(message).append(" | ").append(task.getKey())
                    .append(" | ").append(t == null ? "" : ns(t.ns) + error(t.nsError))
                    .append(" | ").append(j == null ? "" : ns(j.ns) + error(j.nsError))
                    .append(" | ").append(t == null || j == null ? "" : ratio(j.ns / t.ns))
                    .append(" | ").append(t == null ? "" : ns(t.cpuNs))
                    .append(" | ").append(j == null ? "" : ns(j.cpuNs))
                    .append(" | ").append(t == null || j == null || Double.isNaN(t.cpuNs) || Double.isNaN(j.cpuNs) ? "" : ratio(j.cpuNs / t.cpuNs))
                    .append(" | ").append(t == null ? "" : ns(t.bytes))
                    .append(" | ").append(j == null ? "" : ns(j.bytes))
                    .append(" |\n");
            }
        }
        if (any != null) {
            sb.append('\n').append(String.format(Locale.ROOT,
                "JDK %s (%s), JMH %s, %s; %d fork(s), warm-up %d x %s, measurement %d x %s, JVM args %s; %s%n",
                any.getJdkVersion(), any.getVmName(), any.getJmhVersion(), any.getMode().longLabel(),
                any.getForks(), any.getWarmup().getCount(), any.getWarmup().getTime(),
                any.getMeasurement().getCount(), any.getMeasurement().getTime(), jvmArgs(any),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> jvmArgs(BenchmarkParams p) {
        List<String> out = new ArrayList<>();
        for (String a : (Collection<String>) p.getJvmArgs()) {
            if (!a.startsWith("-Dtandem.bench.")) {
                out.add(a);
            }
        }
        return out;
    }

    private static double secondary(RunResult r, String label) {
        Result s = r.getSecondaryResults().get(label);
        return s == null ? Double.NaN : s.getScore();
    }

    private static String ns(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String error(double v) {
        return Double.isNaN(v) ? "" : " ± " + ns(v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.1f×", v);
    }
}
