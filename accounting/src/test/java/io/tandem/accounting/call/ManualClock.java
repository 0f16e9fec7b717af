package io.tandem.accounting.call;

import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves. */
final class ManualClock implements InstantSource {
    private long millis = 1_700_000_000_000L;

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }

    void advance(long ms) {
        millis += ms;
    }
}
