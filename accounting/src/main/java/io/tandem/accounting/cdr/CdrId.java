package io.tandem.accounting.cdr;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then random bits; sorts by time. */
final class CdrId {
    private CdrId() {
    }

    static String next(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
