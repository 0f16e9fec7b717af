package io.tandem.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every sample
 * belongs to a family announced by one {@code # TYPE} line before it (a histogram's or summary's
 * samples with their suffixes), a family's lines are contiguous, a series appears once, names and
 * label names are valid, label values are quoted with only the format's escapes. Anything else
 * fails with the line number.
 */
public final class PrometheusScrape {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its name, its labels (sorted), its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> help = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusScrape() {
    }

    public static PrometheusScrape parse(String text) {
        PrometheusScrape p = new PrometheusScrape();
        p.read(text);
        return p;
    }

    /** The declared type of each family. */
    public Map<String, String> types() {
        return types;
    }

    public String help(String family) {
        return help.get(family);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The value of the one sample with this name and (at least) these labels; 0 when none; fails if several match. */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new AssertionError(name + " " + List.of(labels) + " matches " + found.size() + " samples: " + found);
        }
        return found.isEmpty() ? 0 : found.get(0).value();
    }

    /** The samples with this name whose labels include {@code labels} (name, value pairs). */
    public List<Sample> find(String name, String... labels) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (all) {
                out.add(s);
            }
        }
        return out;
    }

    private void read(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition does not end with a line feed");
        }
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length - 1; n++) {
            String line = lines[n];
            String where = "line " + (n + 1) + " '" + line + "': ";
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
                    String family = parts[2];
                    check(NAME.matcher(family).matches(), where + "bad metric name");
                    if (!family.equals(current)) {
                        check(!closed.contains(family), where + "family " + family + " is not contiguous");
                        if (current != null) {
                            closed.add(current);
                        }
                        current = family;
                    }
                    if (parts[1].equals("TYPE")) {
                        check(parts.length == 4 && TYPES.contains(parts[3]), where + "unknown type");
                        check(types.put(family, parts[3]) == null, where + "second TYPE line for " + family);
                    } else {
                        check(help.put(family, parts.length == 4 ? parts[3] : "") == null, where + "second HELP line for " + family);
                    }
                }
                continue;
            }
            Sample s = sample(line, where);
            String family = familyOf(s.name());
            check(family != null, where + "sample of no family announced by # TYPE");
            if (!family.equals(current)) {
                check(!closed.contains(family), where + "family " + family + " is not contiguous");
                if (current != null) {
                    closed.add(current);
                }
                current = family;
            }
            check(series.add(s.name() + s.labels()), where + "series appears twice");
            samples.add(s);
        }
    }

    private String familyOf(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count", "_created")) {
            if (name.endsWith(suffix)) {
                String f = name.substring(0, name.length() - suffix.length());
                String t = types.get(f);
                if (t != null && (t.equals("histogram") || t.equals("summary") || suffix.equals("_created"))) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        check(NAME.matcher(name).matches(), where + "bad metric name");
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                check(eq > i, where + "label without '='");
                String label = line.substring(i, eq);
                check(LABEL.matcher(label).matches(), where + "bad label name '" + label + "'");
                check(line.charAt(eq + 1) == '"', where + "label value not quoted");
                StringBuilder v = new StringBuilder();
                int k = eq + 2;
                while (line.charAt(k) != '"') {
                    char c = line.charAt(k);
                    if (c == '\\') {
                        char e = line.charAt(k + 1);
                        check(e == '\\' || e == '"' || e == 'n', where + "bad escape \\" + e);
                        v.append(e == 'n' ? '\n' : e);
                        k += 2;
                    } else {
                        v.append(c);
                        k++;
                    }
                }
                check(labels.put(label, v.toString()) == null, where + "label " + label + " twice");
                i = k + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        check(i < line.length() && line.charAt(i) == ' ', where + "no space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        check(rest.length == 1 || rest.length == 2, where + "value and optional timestamp expected");
        double value;
        try {
            value = switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
            if (rest.length == 2) {
                Long.parseLong(rest[1]);
            }
        } catch (NumberFormatException e) {
            throw new AssertionError(where + "not a number: " + e.getMessage());
        }
        return new Sample(name, labels, value);
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new AssertionError(problem);
        }
    }
}
