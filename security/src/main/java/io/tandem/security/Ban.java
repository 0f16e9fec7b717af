package io.tandem.security;

/**
 * A banned network: what set it ({@code rule}: flood, scanner, brute-force, config, manual), why,
 * when, and until when (epoch milliseconds; {@link #PERMANENT} for configured bans without a duration).
 */
public record Ban(Network network, String rule, String reason, long sinceMillis, long untilMillis) {
    public static final long PERMANENT = Long.MAX_VALUE;

    public Ban {
        if (network == null || rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("a ban needs a network and a rule");
        }
        reason = reason == null ? "" : reason.replaceAll("[\\r\\n\\t]", " ");
    }

    public boolean activeAt(long nowMillis) {
        return untilMillis > nowMillis;
    }

    /** Seconds left at {@code nowMillis}; -1 for a permanent ban. */
    public long secondsLeft(long nowMillis) {
        return untilMillis == PERMANENT ? -1 : Math.max(0, (untilMillis - nowMillis + 999) / 1000);
    }

    /** One line of tab-separated fields (network, rule, since, until, reason): how Redis holds a ban. */
    public String line() {
        return network + "\t" + rule + "\t" + sinceMillis + "\t" + untilMillis + "\t" + reason;
    }

    /** The ban of a {@link #line()}; null for anything else (absent, damaged, another version's). */
    public static Ban ofLine(String line) {
        String[] f = line == null ? new String[0] : line.split("\t", 5);
        if (f.length < 5) {
            return null;
        }
        try {
            return new Ban(Network.parse(f[0]), f[1], f[4], Long.parseLong(f[2]), Long.parseLong(f[3]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
