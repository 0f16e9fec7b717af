package io.tandem.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header fields of one message, in order, as positions into byte arrays. A parsed message's
 * slots point into the bytes it was parsed from; slots added or replaced by an edit point into
 * their own small arrays. Nothing here is rendered again unless it was edited, which is what
 * makes serialization lossless (RFC 3261 §16.6: a proxy forwards unchanged what it did not change).
 *
 * <p>Per slot, {@value #W} ints: line start, name end, value start, value end (trailing white
 * space excluded), terminator end (after CRLF; equal to value end for a created line, which is
 * then written with CRLF) and the {@link HeaderName} id. Instances are never mutated after the
 * message that owns them is published; editors work on copies.
 */
final class HeaderTable {
    static final int W = 6;
    static final int LINE = 0;
    static final int NAME_END = 1;
    static final int VALUE = 2;
    static final int VALUE_END = 3;
    static final int TERM_END = 4;
    static final int ID = 5;
    private static final byte[] CRLF = {'\r', '\n'};

    final byte[] src;
    int count;
    int[] pos;
    /** Per-slot source when it is not {@link #src}; null when no slot was edited. */
    byte[][] srcs;
    /** Per-slot parsed value (immutable), filled lazily; null until the first typed access. */
    Object[] parsed;

    HeaderTable(byte[] src, int capacity) {
        this.src = src;
        this.pos = new int[Math.max(capacity, 1) * W];
    }

    HeaderTable copy(int extra) {
        HeaderTable t = new HeaderTable(src, 0);
        t.count = count;
        t.pos = Arrays.copyOf(pos, (count + extra) * W);
        t.srcs = srcs == null ? null : Arrays.copyOf(srcs, count + extra);
        t.parsed = parsed == null ? null : Arrays.copyOf(parsed, count + extra);
        return t;
    }

    /** The same slots without the parsed values: for a message kept only to be resent or matched. */
    HeaderTable withoutParsed() {
        if (parsed == null) {
            return this;
        }
        HeaderTable t = new HeaderTable(src, 0);
        t.count = count;
        t.pos = pos; // never mutated once published (see the class comment): shared
        t.srcs = srcs;
        return t;
    }

    void add(int line, int nameEnd, int value, int valueEnd, int termEnd, int id) {
        if ((count + 1) * W > pos.length) {
            pos = Arrays.copyOf(pos, Math.max(pos.length * 2, 4 * W)); // copy(0) of an empty table has no room
            if (srcs != null) {
                srcs = Arrays.copyOf(srcs, pos.length / W);
            }
            if (parsed != null) {
                parsed = Arrays.copyOf(parsed, pos.length / W);
            }
        }
        int o = count * W;
        pos[o] = line;
        pos[o + NAME_END] = nameEnd;
        pos[o + VALUE] = value;
        pos[o + VALUE_END] = valueEnd;
        pos[o + TERM_END] = termEnd;
        pos[o + ID] = id;
        count++;
    }

    byte[] src(int i) {
        return srcs == null || srcs[i] == null ? src : srcs[i];
    }

    int get(int i, int field) {
        return pos[i * W + field];
    }

    int id(int i) {
        return pos[i * W + ID];
    }

    /** Index of the first slot with this known id at or after {@code from}, or -1. */
    int find(int id, int from) {
        for (int i = from; i < count; i++) {
            if (pos[i * W + ID] == id) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first slot named {@code name} (any form) at or after {@code from}, or -1. */
    int find(String name, int from) {
        int id = HeaderName.lookup(name);
        if (id != HeaderName.UNKNOWN) {
            return find(id, from);
        }
        for (int i = from; i < count; i++) {
            if (pos[i * W + ID] == HeaderName.UNKNOWN && nameEquals(i, name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameEquals(int i, String name) {
        int s = get(i, LINE);
        int e = get(i, NAME_END);
        if (e - s != name.length()) {
            return false;
        }
        byte[] b = src(i);
        for (int k = 0; k < name.length(); k++) {
            int c = b[s + k];
            int d = name.charAt(k);
            if (c != d && io.tandem.sip.CharClass.lower(c) != io.tandem.sip.CharClass.lower(d)) {
                return false;
            }
        }
        return true;
    }

    String name(int i) {
        return new String(src(i), get(i, LINE), get(i, NAME_END) - get(i, LINE), StandardCharsets.ISO_8859_1);
    }

    /** The value as text; folded lines (CRLF followed by white space) read as one space (§7.3.1). */
    String value(int i) {
        byte[] b = src(i);
        int s = get(i, VALUE);
        int e = get(i, VALUE_END);
        for (int k = s; k < e; k++) {
            if (b[k] == '\r' || b[k] == '\n') {
                return unfold(b, s, e);
            }
        }
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }

    private static String unfold(byte[] b, int s, int e) {
        StringBuilder sb = new StringBuilder(e - s);
        String raw = new String(b, s, e - s, StandardCharsets.UTF_8);
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\r' || c == '\n') {
                int t = sb.length();
                while (t > 0 && (sb.charAt(t - 1) == ' ' || sb.charAt(t - 1) == '\t')) {
                    t--;
                }
                sb.setLength(t);
                while (i < raw.length() && " \t\r\n".indexOf(raw.charAt(i)) >= 0) {
                    i++;
                }
                sb.append(' ');
                continue;
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    /** Bytes this table writes. */
    int encodedLength() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            int o = i * W;
            n += pos[o + TERM_END] - pos[o];
            if (pos[o + TERM_END] == pos[o + VALUE_END]) {
                n += 2;
            }
        }
        return n;
    }

    int encode(byte[] dst, int off) {
        for (int i = 0; i < count; i++) {
            int o = i * W;
            int len = pos[o + TERM_END] - pos[o];
            System.arraycopy(src(i), pos[o], dst, off, len);
            off += len;
            if (pos[o + TERM_END] == pos[o + VALUE_END]) {
                dst[off++] = CRLF[0];
                dst[off++] = CRLF[1];
            }
        }
        return off;
    }

    // ---- edits (on a copy) ----

    /** Inserts a created line "Name: value" at {@code index}. */
    void insert(int index, String name, String value, int id) {
        byte[] line = (name + ": " + value).getBytes(StandardCharsets.UTF_8);
        int nameEnd = name.length();
        insertRaw(index, line, 0, nameEnd, nameEnd + 2, line.length, line.length, id);
    }

    /** Inserts a slot pointing into {@code b}. */
    void insertRaw(int index, byte[] b, int line, int nameEnd, int value, int valueEnd, int termEnd, int id) {
        ensureSrcs();
        add(0, 0, 0, 0, 0, 0);
        System.arraycopy(pos, index * W, pos, (index + 1) * W, (count - 1 - index) * W);
        System.arraycopy(srcs, index, srcs, index + 1, count - 1 - index);
        if (parsed != null) {
            if (parsed.length < count) {
                parsed = Arrays.copyOf(parsed, pos.length / W);
            }
            System.arraycopy(parsed, index, parsed, index + 1, count - 1 - index);
            parsed[index] = null;
        }
        int o = index * W;
        pos[o] = line;
        pos[o + NAME_END] = nameEnd;
        pos[o + VALUE] = value;
        pos[o + VALUE_END] = valueEnd;
        pos[o + TERM_END] = termEnd;
        pos[o + ID] = id;
        srcs[index] = b;
    }

    /** Replaces the value of slot {@code i}, keeping the name as it was written. */
    void replaceValue(int i, String value) {
        byte[] b = src(i);
        int ls = get(i, LINE);
        int ne = get(i, NAME_END);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[ne - ls + 2 + v.length];
        System.arraycopy(b, ls, line, 0, ne - ls);
        line[ne - ls] = ':';
        line[ne - ls + 1] = ' ';
        System.arraycopy(v, 0, line, ne - ls + 2, v.length);
        ensureSrcs();
        int o = i * W;
        pos[o] = 0;
        pos[o + NAME_END] = ne - ls;
        pos[o + VALUE] = ne - ls + 2;
        pos[o + VALUE_END] = line.length;
        pos[o + TERM_END] = line.length;
        srcs[i] = line;
        if (parsed != null) {
            parsed[i] = null;
        }
    }

    void remove(int i) {
        System.arraycopy(pos, (i + 1) * W, pos, i * W, (count - i - 1) * W);
        if (srcs != null) {
            System.arraycopy(srcs, i + 1, srcs, i, count - i - 1);
            srcs[count - 1] = null;
        }
        if (parsed != null) {
            System.arraycopy(parsed, i + 1, parsed, i, count - i - 1);
            parsed[count - 1] = null;
        }
        count--;
    }

    /** The cached parsed value of slot {@code i}, or null. */
    Object cached(int i) {
        Object[] p = parsed;
        return p == null ? null : p[i];
    }

    /** Caches an immutable parsed value; a benign race if two threads parse the same slot. */
    void cache(int i, Object value) {
        Object[] p = parsed;
        if (p == null) {
            p = new Object[pos.length / W];
            parsed = p;
        }
        p[i] = value;
    }

    private void ensureSrcs() {
        if (srcs == null) {
            srcs = new byte[pos.length / W][];
        } else if (srcs.length < pos.length / W) {
            srcs = Arrays.copyOf(srcs, pos.length / W);
        }
    }
}
