package io.tandem.sip.message;

import io.tandem.sip.CharClass;
import io.tandem.sip.SipParseException;

/** Scalar header values: Max-Forwards, Expires, Min-Expires, Content-Length; and Call-ID. */
final class Numbers {
    /** Max-Forwards is 0-255 (RFC 3261 §20.22); delta-seconds are 0-(2**32)-1 (§20.19). */
    static final long MAX_FORWARDS_MAX = 255;
    static final long DELTA_SECONDS_MAX = 0xFFFF_FFFFL;

    private Numbers() {
    }

    /**
     * 1*DIGIT with surrounding white space; the range depends on the header. Error offsets are
     * relative to {@code s}, the start of the value, as in the header parsers.
     */
    static Long parse(byte[] b, int s, int e, String header) {
        long max = header.equals("Max-Forwards") ? MAX_FORWARDS_MAX : DELTA_SECONDS_MAX;
        int vs = s;
        while (s < e && CharClass.isWsp(b[s])) {
            s++;
        }
        while (e > s && CharClass.isWsp(b[e - 1])) {
            e--;
        }
        if (s == e) {
            throw new SipParseException(header, "empty value", s - vs);
        }
        long n = 0;
        for (int i = s; i < e; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                throw new SipParseException(header, "not a number: '" + new String(b, s, e - s, java.nio.charset.StandardCharsets.ISO_8859_1) + "'", i - vs);
            }
            n = n * 10 + (c - '0');
            if (n > max) {
                throw new SipParseException(header, "value is larger than " + max, i - vs);
            }
        }
        return n;
    }

    /** callid = word [ "@" word ] (RFC 3261 §25.1). */
    @SuppressWarnings("deprecation")
    static String callId(byte[] b, int s, int e) {
        if (s == e) {
            throw new SipParseException("Call-ID", "empty value", 0);
        }
        boolean at = false;
        for (int i = s; i < e; i++) {
            int c = b[i];
            if (c == '@' && !at && i > s && i < e - 1) {
                at = true;
            } else if (!CharClass.isWord(c)) {
                throw new SipParseException("Call-ID", "invalid character '" + (char) (c & 0xff) + "'", i - s);
            }
        }
        return new String(b, 0, s, e - s);
    }
}
