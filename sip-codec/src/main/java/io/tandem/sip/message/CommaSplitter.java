package io.tandem.sip.message;

import java.util.List;
import java.util.function.IntUnaryOperator;

/** Splits a header value at commas that are outside quoted strings and angle brackets (§7.3.1). */
final class CommaSplitter {
    /** Receives each element's range, white space included. */
    @FunctionalInterface
    private interface Elements {
        void element(int start, int end);
    }

    private CommaSplitter() {
    }

    static void split(String v, List<String> out) {
        scan(v::charAt, v.length(), (s, e) -> {
            String t = v.substring(s, e).trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        });
    }

    /** How many non-empty elements {@link #split} would give for {@code b[s, e)}, without building them. */
    static int count(byte[] b, int s, int e) {
        int[] n = {0};
        scan(i -> b[s + i] & 0xff, e - s, (from, to) -> {
            for (int i = from; i < to; i++) {
                if ((b[s + i] & 0xff) > ' ') { // String.trim's notion of white space
                    n[0]++;
                    return;
                }
            }
        });
        return n[0];
    }

    private static void scan(IntUnaryOperator at, int length, Elements out) {
        boolean quoted = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < length; i++) {
            int c = at.applyAsInt(i);
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
                out.element(start, i);
                start = i + 1;
            }
        }
        out.element(start, length);
    }
}
