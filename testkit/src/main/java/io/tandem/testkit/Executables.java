package io.tandem.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Finding the programs the tests run (on PATH and the sbin directories), and cleaning up after them. */
final class Executables {
    private Executables() {
    }

    /** The path of {@code name} on PATH, /usr/bin or /usr/sbin; null when it is not installed. */
    static String find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/usr/sbin";
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, name);
            if (!d.isEmpty() && f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** Deletes {@code dir} and what it holds; a leftover temporary directory is harmless. */
    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
