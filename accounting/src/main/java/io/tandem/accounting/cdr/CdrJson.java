package io.tandem.accounting.cdr;

import io.tandem.accounting.rating.Rating;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A CDR as the JSON object published on the CDR subject (RFC 8259): the table's columns, in snake
 * case, written straight to UTF-8 bytes, with no String or map between the CDR and the message.
 * One writer per thread (the NATS outlet's): {@link #bytes} reuses its buffer and returns a copy.
 */
final class CdrJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private byte[] buf = new byte[1024];
    private int len;

    /** {@code r} as the message body; the writer's buffer is kept for the next one. */
    byte[] bytes(Cdr r) {
        len = 0;
        put('{');
        text("id", r.id());
        text("call_id", r.callId());
        text("from_tag", r.fromTag());
        text("to_tag", r.toTag());
        text("caller", r.caller());
        text("callee", r.callee());
        text("caller_e164", r.callerE164());
        text("callee_e164", r.calleeE164());
        text("source_kind", r.sourceKind());
        text("source_ref", r.sourceRef());
        text("destination_kind", r.destinationKind());
        text("destination_ref", r.destinationRef());
        text("direction", r.direction());
        text("tenant", r.tenant());
        text("edgeport_ref", r.edgePortRef());
        time("start_time", r.start());
        time("answer_time", r.answer());
        time("end_time", r.end());
        number("duration_ms", r.durationMillis());
        number("status", r.status());
        text("reason", r.reason());
        text("disposition", r.disposition().name());
        text("hangup", r.hangup().name());
        Rating g = r.rating();
        text("rate_deck", g.deck());
        text("rate_prefix", g.prefix());
        decimal("rate_per_minute", g.perMinute());
        number("billed_seconds", g.billedSeconds());
        decimal("cost", g.cost());
        text("currency", g.currency());
        text("recording", r.recording());
        buf[len - 1] = '}'; // over the last comma
        return Arrays.copyOf(buf, len);
    }

    /** {@code r} as a JSON text (the CLI's {@code --json}). */
    static String of(Cdr r) {
        return new String(new CdrJson().bytes(r), StandardCharsets.UTF_8);
    }

    private void name(String name) {
        put('"');
        for (int i = 0; i < name.length(); i++) {
            put(name.charAt(i)); // names are ASCII
        }
        put('"');
        put(':');
    }

    /** Writes {@code "name":}, and {@code null} when {@code value} is: then false (nothing more to write). */
    private boolean named(String name, Object value) {
        name(name);
        if (value == null) {
            nullValue();
            return false;
        }
        return true;
    }

    private void text(String name, String value) {
        if (!named(name, value)) {
            return;
        }
        put('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20) { // RFC 8259 §7: control characters escaped
                put('\\');
                put('u');
                put('0');
                put('0');
                put(HEX[c >> 4]);
                put(HEX[c & 0xF]);
            } else if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                put(0xC0 | c >> 6);
                put(0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                put(0xF0 | cp >> 18);
                put(0x80 | cp >> 12 & 0x3F);
                put(0x80 | cp >> 6 & 0x3F);
                put(0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) { // a lone surrogate has no UTF-8 form: escaped as itself
                put('\\');
                put('u');
                put(HEX[c >> 12]);
                put(HEX[c >> 8 & 0xF]);
                put(HEX[c >> 4 & 0xF]);
                put(HEX[c & 0xF]);
            } else {
                put(0xE0 | c >> 12);
                put(0x80 | c >> 6 & 0x3F);
                put(0x80 | c & 0x3F);
            }
        }
        put('"');
        put(',');
    }

    private void number(String name, long value) {
        name(name);
        if (value < 0) {
            put('-');
            if (value == Long.MIN_VALUE) {
                ascii("9223372036854775808");
                put(',');
                return;
            }
            value = -value;
        }
        digits(value, 1);
        put(',');
    }

    private void decimal(String name, BigDecimal value) {
        if (!named(name, value)) {
            return;
        }
        ascii(value.toPlainString());
        put(',');
    }

    /** As {@link Instant#toString()} writes an instant of whole milliseconds (years 0 to 9999, UTC). */
    private void time(String name, Instant t) {
        if (!named(name, t)) {
            return;
        }
        long ms = t.toEpochMilli();
        if (t.getNano() % 1_000_000 != 0 || ms < -62_167_219_200_000L || ms >= 253_402_300_800_000L) {
            put('"');
            ascii(t.toString());
            put('"');
            put(',');
            return;
        }
        long days = Math.floorDiv(ms, MILLIS_PER_DAY);
        long inDay = Math.floorMod(ms, MILLIS_PER_DAY);
        // civil date from days since 1970-01-01 (proleptic Gregorian, eras of 400 years)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        put('"');
        digits(year, 4);
        put('-');
        digits(month, 2);
        put('-');
        digits(day, 2);
        put('T');
        digits(inDay / 3_600_000, 2);
        put(':');
        digits(inDay / 60_000 % 60, 2);
        put(':');
        digits(inDay / 1_000 % 60, 2);
        long milli = inDay % 1_000;
        if (milli != 0) {
            put('.');
            digits(milli, 3);
        }
        put('Z');
        put('"');
        put(',');
    }

    /** {@code v} (not negative) in decimal, at least {@code width} digits. */
    private void digits(long v, int width) {
        int n = 1;
        for (long x = v / 10; x != 0; x /= 10) {
            n++;
        }
        n = Math.max(n, width);
        room(n);
        for (int i = len + n - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += n;
    }

    private void nullValue() {
        room(NULL.length + 1);
        System.arraycopy(NULL, 0, buf, len, NULL.length);
        len += NULL.length;
        buf[len++] = ',';
    }

    private void ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(int b) {
        if (len == buf.length) {
            room(1);
        }
        buf[len++] = (byte) b;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
