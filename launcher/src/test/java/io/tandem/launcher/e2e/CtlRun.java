package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.launcher.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code tandem ctl} run through picocli in the test's JVM against a running Tandem, what it prints captured. */
final class CtlRun {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** What one {@code tandem ctl} run printed and returned. */
    record Ctl(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }

        JsonNode yaml() {
            return YAML.readTree(out);
        }
    }

    private CtlRun() {
    }

    /** {@code tandem ctl ARGS --http HTTP [--key KEY]}. */
    static synchronized Ctl ctl(String http, String key, String... args) {
        List<String> all = new ArrayList<>(List.of("ctl"));
        all.addAll(List.of(args));
        all.addAll(List.of("--http", http));
        if (key != null) {
            all.addAll(List.of("--key", key));
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Main()).execute(all.toArray(String[]::new));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Ctl(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Succeeds, or fails the test with what ctl printed. */
    static Ctl ok(String http, String key, String... args) {
        Ctl c = ctl(http, key, args);
        assertThat(c.exit()).as("tandem ctl %s: %s%s", String.join(" ", args), c.out(), c.err()).isZero();
        return c;
    }

    /** {@code tandem ctl KIND create --set S...}: the new ref. */
    static String create(String http, String key, String kind, String... sets) {
        List<String> args = new ArrayList<>(List.of(kind, "create", "-o", "json"));
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        return ok(http, key, args.toArray(String[]::new)).json().path("ref").asString();
    }
}
