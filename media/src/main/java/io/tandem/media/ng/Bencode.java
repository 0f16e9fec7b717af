package io.tandem.media.ng;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
 * A {@code byte[]} is written as a byte string as is; a dictionary's {@code sdp} value is read as
 * a {@code byte[]} (it becomes a SIP body as is: no String made of it and turned back into bytes).
 */
public final class Bencode {
    /** Nesting deeper than this is refused: a reply is a few levels deep. */
    private static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    /** Encodes {@code value}: a String, an Integer or Long, a List or a Map with String keys. */
    public static byte[] encode(Object value) {
        ByteBuf out = Unpooled.buffer(512);
        encode(out, value);
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
    }

    /**
     * Appends {@code value} to {@code out}: the ng client writes a request straight into the
     * datagram's (pooled) buffer, after its cookie, with no array in between and no String made
     * of a number or a length.
     */
    static void encode(ByteBuf out, Object value) {
        switch (value) {
            case String s -> string(out, s);
            case byte[] b -> {
                number(out, b.length);
                out.writeByte(':');
                out.writeBytes(b);
            }
            case Integer n -> {
                out.writeByte('i');
                number(out, n);
                out.writeByte('e');
            }
            case Long n -> {
                out.writeByte('i');
                number(out, n);
                out.writeByte('e');
            }
            case Boolean b -> string(out, b ? "yes" : "no");
            case List<?> l -> {
                out.writeByte('l');
                for (Object e : l) {
                    encode(out, e);
                }
                out.writeByte('e');
            }
            case Map<?, ?> m -> {
                out.writeByte('d');
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("bencode dictionary keys are strings, not " + e.getKey());
                    }
                    string(out, key);
                    encode(out, e.getValue());
                }
                out.writeByte('e');
            }
            case null -> throw new IllegalArgumentException("bencode has no null");
            default -> throw new IllegalArgumentException("cannot bencode a " + value.getClass().getSimpleName());
        }
    }

    /** {@code s} as UTF-8, its length in bytes first ({@code 4:spam}), counted and written without an array. */
    private static void string(ByteBuf out, String s) {
        number(out, ByteBufUtil.utf8Bytes(s));
        out.writeByte(':');
        ByteBufUtil.writeUtf8(out, s);
    }

    /** The decimal digits of {@code n}, written from the most significant (also an ng cookie's numbers). */
    static void number(ByteBuf out, long n) {
        if (n < 0) {
            out.writeByte('-');
            if (n == Long.MIN_VALUE) {
                out.writeCharSequence("9223372036854775808", StandardCharsets.US_ASCII);
                return;
            }
            n = -n;
        }
        long scale = 1;
        while (scale <= n / 10) {
            scale *= 10;
        }
        for (; scale > 0; scale /= 10) {
            out.writeByte((int) ('0' + n / scale % 10));
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
                        Object v = key.equals("sdp") && peek() >= '0' && peek() <= '9' ? bytes() : value(depth + 1);
                        if (map.put(key, v) != null) {
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
            int len = length();
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        byte[] bytes() {
            int len = length();
            byte[] s = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return s;
        }

        /** A byte string's length and its colon; the bytes must be there. */
        private int length() {
            long len = number(':');
            if (len < 0 || len > end - pos) {
                throw fail("string length " + len + " runs past the end");
            }
            return (int) len;
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
