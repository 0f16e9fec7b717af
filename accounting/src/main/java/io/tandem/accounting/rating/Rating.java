package io.tandem.accounting.rating;

import java.math.BigDecimal;

/**
 * What a call costs: the rate deck entry that matched ({@code prefix}, {@code perMinute}), the
 * seconds billed after the increments, and the cost (connection fee included).
 */
public record Rating(String deck, String prefix, BigDecimal perMinute, long billedSeconds, BigDecimal cost, String currency) {
    /** Not rated: no deck, or no entry for the number. */
    public static final Rating NONE = new Rating(null, null, null, 0, null, null);

    public boolean rated() {
        return prefix != null;
    }
}
