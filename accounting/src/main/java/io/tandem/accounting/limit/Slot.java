package io.tandem.accounting.limit;

/**
 * One limit a call takes a share of: {@code key} names the counter ({@code trunk:carrier},
 * {@code agent:a1}, {@code cps:carrier}), {@code max} its ceiling. A concurrent slot ({@code held})
 * is given back when the call ends; a rate slot counts the calls started in one second and is
 * never given back (its counter is that second's).
 */
public record Slot(String key, int max, boolean held) {
    static Slot concurrent(String scope, String ref, int max) {
        return new Slot(scope + ":" + ref, max, true);
    }

    static Slot perSecond(String ref, int max, long epochSecond) {
        return new Slot("cps:" + ref + ":" + epochSecond, max, false);
    }
}
