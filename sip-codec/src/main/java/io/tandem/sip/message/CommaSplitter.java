package io.tandem.sip.message;

import java.util.List;

/** Splits a header value at commas that are outside quoted strings and angle brackets (§7.3.1). */
final class CommaSplitter {
    private CommaSplitter() {
    }

    static void split(String v, List<String> out) {
        boolean quoted = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle++;
            } else if (c == '>' && angle > 0) {
                angle--;
            } else if (c == ',' && angle == 0) {
                add(v, start, i, out);
                start = i + 1;
            }
        }
        add(v, start, v.length(), out);
    }

    private static void add(String v, int s, int e, List<String> out) {
        String t = v.substring(s, e).trim();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }
}
