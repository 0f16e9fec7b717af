package io.tandem.accounting.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * One entry of a rate deck: numbers starting with {@code prefix} (E.164, with its {@code +}) cost
 * {@code perMinute}, billed by {@code firstIncrement} seconds then by {@code increment} seconds
 * (60/60, 30/6, 1/1...), plus {@code connectionFee} per answered call; valid from
 * {@code validFrom} (inclusive) to {@code validUntil} (exclusive), either open when null.
 */
public record Rate(String prefix, BigDecimal perMinute, BigDecimal connectionFee, int firstIncrement, int increment,
                   Instant validFrom, Instant validUntil) {
    public Rate {
        if (firstIncrement < 1 || increment < 1) {
            throw new IllegalArgumentException("increments are at least one second");
        }
        connectionFee = connectionFee == null ? BigDecimal.ZERO : connectionFee;
    }

    public boolean validAt(Instant t) {
        return (validFrom == null || !t.isBefore(validFrom)) && (validUntil == null || t.isBefore(validUntil));
    }

    /** The seconds billed for {@code durationMillis}: 0 for none, else at least the first increment, then whole increments. */
    public long billedSeconds(long durationMillis) {
        if (durationMillis <= 0) {
            return 0;
        }
        long s = (durationMillis + 999) / 1000;
        if (s <= firstIncrement) {
            return firstIncrement;
        }
        long rest = s - firstIncrement;
        return firstIncrement + (rest + increment - 1) / increment * increment;
    }

    /** The cost of {@code billedSeconds}: the connection fee plus the per-minute price, to six decimals. */
    public BigDecimal cost(long billedSeconds) {
        if (billedSeconds == 0) {
            return BigDecimal.ZERO.setScale(6);
        }
        return connectionFee.add(perMinute.multiply(BigDecimal.valueOf(billedSeconds)).divide(BigDecimal.valueOf(60), 6,
            RoundingMode.HALF_UP)).setScale(6, RoundingMode.HALF_UP);
    }
}
