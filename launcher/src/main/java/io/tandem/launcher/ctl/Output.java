package io.tandem.launcher.ctl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Prints an answer: a table for people, or the JSON the API gave, as JSON or YAML, for scripts. */
final class Output {
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** A column of a table: its header and the dotted path of its value in each item. */
    record Column(String header, String path) {
    }

    private Output() {
    }

    /** {@code answer} in {@code format}; as a table, {@code items} under the columns. */
    static void print(PrintStream out, CtlOptions.Format format, JsonNode answer, List<Column> columns, JsonNode items) {
        switch (format) {
            case json -> out.println(PRETTY.writeValueAsString(answer));
            case yaml -> out.print(YAML.writeValueAsString(answer));
            case table -> out.print(table(columns, items));
        }
    }

    /** One resource: json/yaml as is, or a table of its fields (dotted paths), passwords hidden. */
    static void printOne(PrintStream out, CtlOptions.Format format, JsonNode item) {
        if (format != CtlOptions.Format.table) {
            print(out, format, item, List.of(), item);
            return;
        }
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        flatten("", item, rows);
        int w = rows.stream().mapToInt(e -> e.getKey().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        rows.forEach(e -> sb.append(pad(e.getKey(), w)).append("  ").append(e.getValue()).append('\n'));
        out.print(sb);
    }

    static String table(List<Column> columns, JsonNode items) {
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode item : items) {
            rows.add(columns.stream().map(c -> cell(at(item, c.path()))).toArray(String[]::new));
        }
        int[] w = new int[columns.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : pad(r[i], w[i]) + "  ");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static JsonNode at(JsonNode n, String path) {
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    /** A scalar as text, an array of scalars joined by commas, anything else counted. */
    private static String cell(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode x : v) {
                if (!x.isValueNode()) {
                    return v.size() + " item(s)";
                }
                parts.add(x.asString());
            }
            return String.join(",", parts);
        }
        return v.isValueNode() ? v.asString() : "{...}";
    }

    private static void flatten(String prefix, JsonNode n, List<Map.Entry<String, String>> out) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray() && !n.isEmpty() && !n.get(0).isValueNode()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(prefix + "[" + i + "]", n.get(i), out);
            }
        } else {
            out.add(Map.entry(prefix, prefix.endsWith("password") && !cell(n).isEmpty() ? "(hidden; -o json shows it)" : cell(n)));
        }
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
