package io.tandem.accounting.rating;

import io.tandem.accounting.call.EndedCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code kind: RateDeck} document: prefix → rate, longest-prefix match on the callee's E.164
 * number (among the entries valid when the call started). An answered call is rated; another,
 * or one whose number no prefix matches, is not.
 */
public final class RateDeck implements RatingEngine {
    private final String ref;
    private final String currency;
    private final Map<String, List<Rate>> byPrefix = new HashMap<>();
    private final int longest;

    public RateDeck(String ref, String currency, List<Rate> rates) {
        this.ref = ref;
        this.currency = currency;
        int max = 0;
        for (Rate r : rates) {
            byPrefix.computeIfAbsent(r.prefix(), k -> new ArrayList<>()).add(r);
            max = Math.max(max, r.prefix().length());
        }
        this.longest = max;
    }

    public String ref() {
        return ref;
    }

    /** The entry of the longest prefix of {@code number} valid at {@code at}, or null. */
    public Rate find(String number, Instant at) {
        if (number == null) {
            return null;
        }
        for (int n = Math.min(longest, number.length()); n > 0; n--) {
            List<Rate> rates = byPrefix.get(number.substring(0, n));
            if (rates != null) {
                for (Rate r : rates) {
                    if (r.validAt(at)) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    @Override
    public Rating rate(EndedCall call) {
        if (call.answerMillis() == 0) {
            return Rating.NONE;
        }
        Rate r = find(call.parties().calleeE164(), Instant.ofEpochMilli(call.startMillis()));
        if (r == null) {
            return Rating.NONE;
        }
        long billed = r.billedSeconds(call.durationMillis());
        return new Rating(ref, r.prefix(), r.perMinute(), billed, r.cost(billed), currency);
    }
}
