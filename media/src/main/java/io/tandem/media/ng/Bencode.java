package io.tandem.media.ng;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode, the encoding of rtpengine's ng control protocol: byte strings {@code 4:spam}, integers
 * {@code i42e}, lists {@code l...e}, dictionaries {@code d...e}. Values are {@link String} (UTF-8),
 * {@link Long}, {@link List} and {@link Map} with String keys. Dictionaries keep the order they
 * are written or read in (rtpengine does not sort its keys, and does not need ours sorted).
 */
public final class Bencode {
    /** Nesting deeper than this is refused: a reply is a few levels deep. */
    private static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    /** Encodes {@code value}: a String, an Integer or Long, a List or a Map with String keys. */
    public static byte[] encode(Object value) {
        Out out = new Out(512);
        write(out, value);
        return java.util.Arrays.copyOf(out.buf, out.size);
    }

    /** Encodes {@code value} after {@code prefix} (an ng cookie and its space) into one array, the datagram. */
    static byte[] encode(byte[] prefix, Object value) {
        Out out = new Out(prefix.length + 512);
        out.write(prefix, 0, prefix.length);
        write(out, value);
        return java.util.Arrays.copyOf(out.buf, out.size);
    }

    /** A growable byte array that writes numbers and ASCII strings without making Strings of them. */
    private static final class Out {
        byte[] buf;
        int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void write(byte[] b, int from, int length) {
            ensure(length);
            System.arraycopy(b, from, buf, size, length);
            size += length;
        }

        void number(long n) {
            ensure(20);
            if (n < 0) {
                buf[size++] = '-';
                if (n == Long.MIN_VALUE) {
                    byte[] min = "9223372036854775808".getBytes(StandardCharsets.US_ASCII);
                    write(min, 0, min.length);
                    return;
                }
                n = -n;
            }
            int digits = 1;
            for (long t = n; t >= 10; t /= 10) {
                digits++;
            }
            for (int i = size + digits - 1; i >= size; i--) {
                buf[i] = (byte) ('0' + n % 10);
                n /= 10;
            }
            size += digits;
        }

        /** {@code s} as UTF-8, its length first ({@code 4:spam}); ASCII, the usual case, is copied without an array. */
        @SuppressWarnings("deprecation")
        void string(String s) {
            int n = s.length();
            boolean ascii = true;
            for (int i = 0; i < n && ascii; i++) {
                ascii = s.charAt(i) < 0x80;
            }
            if (!ascii) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                bytes(b);
                return;
            }
            number(n);
            ensure(n + 1);
            buf[size++] = ':';
            s.getBytes(0, n, buf, size); // ASCII only: the deprecated low-byte copy is exact
            size += n;
        }

        void bytes(byte[] b) {
            number(b.length);
            write(':');
            write(b, 0, b.length);
        }
    }

    private static void write(Out out, Object v) {
        switch (v) {
            case String s -> out.string(s);
            case byte[] b -> out.bytes(b);
            case Integer n -> {
                out.write('i');
                out.number(n);
                out.write('e');
            }
            case Long n -> {
                out.write('i');
                out.number(n);
                out.write('e');
            }
            case Boolean b -> out.string(b ? "yes" : "no");
            case List<?> l -> {
                out.write('l');
                for (Object e : l) {
                    write(out, e);
                }
                out.write('e');
            }
            case Map<?, ?> m -> {
                out.write('d');
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("bencode dictionary keys are strings, not " + e.getKey());
                    }
                    out.string(key);
                    write(out, e.getValue());
                }
                out.write('e');
            }
            case null -> throw new IllegalArgumentException("bencode has no null");
            default -> throw new IllegalArgumentException("cannot bencode a " + v.getClass().getSimpleName());
        }
    }

    /** Decodes one value filling {@code bytes[from, to)} exactly; anything malformed is refused. */
    public static Object decode(byte[] bytes, int from, int to) {
        Reader r = new Reader(bytes, from, to);
        Object v = r.value(0);
        if (r.pos != to) {
            throw new BencodeException("trailing bytes at offset " + (r.pos - from));
        }
        return v;
    }

    public static Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Malformed bencode. */
    public static final class BencodeException extends IllegalArgumentException {
        BencodeException(String message) {
            super(message);
        }
    }

    /** A cursor over the input: one method per production. */
    private static final class Reader {
        private final byte[] b;
        private final int start;
        private final int end;
        private int pos;

        Reader(byte[] b, int from, int to) {
            if (from < 0 || to > b.length || from > to) {
                throw new IndexOutOfBoundsException();
            }
            this.b = b;
            this.start = from;
            this.end = to;
            this.pos = from;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw fail("nested deeper than " + MAX_DEPTH);
            }
            int c = peek();
            return switch (c) {
                case 'i' -> {
                    pos++;
                    long n = number('e');
                    yield n;
                }
                case 'l' -> {
                    pos++;
                    List<Object> list = new ArrayList<>();
                    while (peek() != 'e') {
                        list.add(value(depth + 1));
                    }
                    pos++;
                    yield List.copyOf(list);
                }
                case 'd' -> {
                    pos++;
                    Map<String, Object> map = new LinkedHashMap<>();
                    while (peek() != 'e') {
                        if (peek() < '0' || peek() > '9') {
                            throw fail("a dictionary key must be a string");
                        }
                        String key = string();
                        if (map.put(key, value(depth + 1)) != null) {
                            throw fail("duplicate key '" + key + "'");
                        }
                    }
                    pos++;
                    yield java.util.Collections.unmodifiableMap(map);
                }
                default -> {
                    if (c < '0' || c > '9') {
                        throw fail("unexpected '" + (char) c + "'");
                    }
                    yield string();
                }
            };
        }

        String string() {
            long len = number(':');
            if (len < 0 || len > end - pos) {
                throw fail("string length " + len + " runs past the end");
            }
            String s = new String(b, pos, (int) len, StandardCharsets.UTF_8);
            pos += (int) len;
            return s;
        }

        /** Digits (an optional minus) up to {@code terminator}, which is consumed. */
        long number(char terminator) {
            int from = pos;
            boolean negative = pos < end && b[pos] == '-';
            if (negative) {
                pos++;
            }
            long n = 0;
            int digits = 0;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (digits++ > 18) {
                    throw fail("number too long");
                }
                n = n * 10 + (b[pos++] - '0');
            }
            if (digits == 0 || pos >= end || b[pos] != terminator) {
                throw fail("malformed number at offset " + (from - start));
            }
            if (digits > 1 && b[from + (negative ? 1 : 0)] == '0' || negative && n == 0) {
                throw fail("non-canonical number at offset " + (from - start));
            }
            pos++;
            return negative ? -n : n;
        }

        int peek() {
            if (pos >= end) {
                throw fail("truncated");
            }
            return b[pos] & 0xff;
        }

        BencodeException fail(String why) {
            return new BencodeException(why + " (offset " + (pos - start) + ")");
        }
    }
}
