package io.tandem.connect;

import io.tandem.provisioning.Numbering;
import java.util.List;

/**
 * How dialed digits become E.164 (ITU-T E.164; RFC 3966 global numbers): so that
 * {@code 00 1 706…}, {@code +1706…} and {@code 1706…} reach the same Number.
 *
 * @param countryCode the local country code, e.g. "1"
 * @param internationalPrefixes prefixes that introduce a country code, e.g. "011", "00"
 * @param nationalPrefix the trunk prefix before a national number, e.g. "0" ("" when none)
 * @param nationalNumberLength digits of a national significant number, e.g. 10 (0 when variable)
 */
public record NumberingPlan(String countryCode, List<String> internationalPrefixes, String nationalPrefix,
                            int nationalNumberLength) {
    /** North American defaults: +1, 011 or 00 for international, 10-digit national numbers. */
    public static final NumberingPlan NANP = new NumberingPlan("1", List.of("011", "00"), "", 10);

    public NumberingPlan {
        internationalPrefixes = List.copyOf(internationalPrefixes);
    }

    /** The plan a Domain's or a Trunk's {@code numbering} describes. */
    public static NumberingPlan of(Numbering n) {
        return new NumberingPlan(n.countryCode(), n.internationalPrefixes(), n.nationalPrefix(), n.nationalNumberLength());
    }

    /** The plan {@code n} describes, or {@code otherwise} when {@code n} is null (a resource without {@code numbering}). */
    public static NumberingPlan of(Numbering n, NumberingPlan otherwise) {
        return n == null ? otherwise : of(n);
    }

    /**
     * The E.164 form ({@code +} and digits) of a dialed string, or null when it holds no number.
     * Visual separators ({@code -.() } and spaces) are ignored (RFC 3966 §5.1.1), and so are the
     * parameters after a {@code ;} that a user part with {@code user=phone} may carry
     * ({@code +17066041487;npdi;rn=+17065550000}, RFC 3966 §3, RFC 4694).
     */
    public String normalize(String dialed) {
        if (dialed == null) {
            return null;
        }
        int end = dialed.indexOf(';');
        if (end < 0) {
            end = dialed.length();
        }
        StringBuilder d = new StringBuilder(end);
        boolean plus = false;
        for (int i = 0; i < end; i++) {
            char c = dialed.charAt(i);
            if (c >= '0' && c <= '9') {
                d.append(c);
            } else if (c == '+' && d.isEmpty() && !plus) {
                plus = true;
            } else if ("-.() ".indexOf(c) < 0) {
                return null; // not a telephone number (e.g. a user name)
            }
        }
        String digits = d.toString();
        if (digits.isEmpty()) {
            return null;
        }
        if (plus) {
            return "+" + digits;
        }
        for (String p : internationalPrefixes) {
            if (digits.startsWith(p) && digits.length() > p.length()) {
                return "+" + digits.substring(p.length());
            }
        }
        if (nationalNumberLength > 0) {
            if (digits.length() == countryCode.length() + nationalNumberLength && digits.startsWith(countryCode)) {
                return "+" + digits;
            }
            if (!nationalPrefix.isEmpty() && digits.startsWith(nationalPrefix)
                    && digits.length() == nationalPrefix.length() + nationalNumberLength) {
                return "+" + countryCode + digits.substring(nationalPrefix.length());
            }
            if (digits.length() == nationalNumberLength) {
                return "+" + countryCode + digits;
            }
        }
        return "+" + digits;
    }
}
