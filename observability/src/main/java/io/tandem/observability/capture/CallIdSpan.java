package io.tandem.observability.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the Call-ID in the raw bytes of a SIP message without parsing it, for the correlation id
 * of a capture (HEP chunk 17) on the event loop: the line ends are found 8 bytes at a time, and
 * only a line that begins with {@code c}/{@code C} or {@code i}/{@code I} is looked at further.
 * RFC 3261 §7.3.1 and §25.1: the header's name is case-insensitive, {@code i} its compact form,
 * whitespace may come before the colon, and the value may be folded onto the next line (a line
 * ending followed by a space or tab); a line that begins with whitespace continues the header
 * before it and is no header of its own. The search ends at the empty line (the body is not
 * looked at). The value is a word ({@code callid = word ["@" word]}), so it ends at the end of
 * its line, trailing whitespace stripped.
 */
public final class CallIdSpan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LF = 0x0a0a0a0a0a0a0a0aL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final byte[] CALL_ID = {'c', 'a', 'l', 'l', '-', 'i', 'd'};

    private CallIdSpan() {
    }

    /**
     * Where the value of the first Call-ID header is: offset in the high 32 bits, length in the
     * low 32 bits; -1 when the message has none (or an empty one) before its empty line.
     */
    public static long of(byte[] b) {
        int lf = nextLf(b, 0); // the start line is no header
        while (lf >= 0 && lf + 1 < b.length) {
            int line = lf + 1;
            int c = b[line];
            if (c == '\r' || c == '\n') {
                return -1; // the empty line: the headers end
            }
            int lower = c | 0x20;
            if (lower == 'i' || lower == 'c') {
                int colon = colonAfterName(b, line, lower == 'i' ? 1 : CALL_ID.length);
                if (colon >= 0) {
                    return value(b, colon + 1);
                }
            }
            lf = nextLf(b, line);
        }
        return -1;
    }

    /** The colon after {@code Call-ID} or {@code i} (of {@code nameLength}) at {@code line}, or -1 when the line is another header. */
    private static int colonAfterName(byte[] b, int line, int nameLength) {
        int end = line + nameLength;
        if (end > b.length) {
            return -1;
        }
        if (nameLength > 1) {
            for (int k = 1; k < nameLength; k++) {
                if ((b[line + k] | 0x20) != CALL_ID[k]) {
                    return -1;
                }
            }
        }
        int i = end;
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i < b.length && b[i] == ':' ? i : -1;
    }

    /** The value after the colon at {@code from - 1}: leading whitespace and a fold skipped, to its line's end, stripped. */
    private static long value(byte[] b, int from) {
        int i = from;
        while (i < b.length) {
            byte c = b[i];
            if (c == ' ' || c == '\t') {
                i++;
            } else if (folds(b, i)) {
                i += b[i] == '\r' ? 2 : 1; // the line ending; the whitespace after it is skipped next
            } else {
                break;
            }
        }
        int start = i;
        while (i < b.length && b[i] != '\r' && b[i] != '\n') {
            i++;
        }
        while (i > start && (b[i - 1] == ' ' || b[i - 1] == '\t')) {
            i--;
        }
        return i == start ? -1 : (long) start << 32 | (i - start);
    }

    /** A line ending (CRLF or a bare LF) at {@code i} followed by a space or a tab: the header goes on. */
    private static boolean folds(byte[] b, int i) {
        int next = b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n' ? i + 2 : b[i] == '\n' ? i + 1 : -1;
        return next > 0 && next < b.length && (b[next] == ' ' || b[next] == '\t');
    }

    /** The index of the next LF at or after {@code from}, or -1: eight bytes a step (a zero byte of x ^ LF is an LF). */
    static int nextLf(byte[] b, int from) {
        int i = from;
        for (; i + Long.BYTES <= b.length; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ LF;
            long zeros = (x - ONES) & ~x & HIGHS; // exact at the lowest zero byte, the first in memory (little endian)
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
