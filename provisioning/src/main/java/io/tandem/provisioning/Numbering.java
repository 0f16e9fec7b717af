package io.tandem.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * A Tandem extension (not in Routr): how numbers dialed in national or international form become
 * E.164 for a Domain ({@code spec.context.numbering}) or a Trunk ({@code spec.inbound.numbering}).
 *
 * @param countryCode the local country code, 1 to 3 digits, e.g. "1" or "44"
 * @param internationalPrefixes prefixes that introduce a country code, e.g. "011", "00"; ["00"] when absent
 * @param nationalPrefix the trunk prefix before a national number, e.g. "0"; "" when none
 * @param nationalNumberLength digits of a national significant number (0..15); 0 when variable
 */
public record Numbering(String countryCode, List<String> internationalPrefixes, String nationalPrefix,
                        int nationalNumberLength) {
    /** The international prefix when none is given. */
    public static final List<String> DEFAULT_INTERNATIONAL_PREFIXES = List.of("00");

    public Numbering {
        Objects.requireNonNull(countryCode, "countryCode");
        internationalPrefixes = internationalPrefixes == null ? DEFAULT_INTERNATIONAL_PREFIXES : List.copyOf(internationalPrefixes);
        nationalPrefix = nationalPrefix == null ? "" : nationalPrefix;
        if (nationalNumberLength < 0 || nationalNumberLength > 15) {
            throw new IllegalArgumentException("nationalNumberLength " + nationalNumberLength + " is not in 0..15");
        }
    }
}
