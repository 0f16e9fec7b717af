package io.tandem.testkit;

import java.io.File;

/** Finds the programs the tests drive (redis-server, rtpengine) on PATH, then in /usr/bin and /usr/sbin. */
final class Executables {
    private Executables() {
    }

    /** The path of {@code name}, or null when it is not installed. */
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
}
