package io.tandem.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Dialed digits to E.164: every way of dialing one number gives the same Number key. */
class NumberingPlanTest {
    private static final NumberingPlan NANP = NumberingPlan.NANP;
    /** The United Kingdom: +44, 00 for international, 0 before a 10-digit national number. */
    private static final NumberingPlan UK = new NumberingPlan("44", List.of("00"), "0", 10);
    /** A plan without a fixed national length. */
    private static final NumberingPlan OPEN = new NumberingPlan("49", List.of("00"), "0", 0);

    @ParameterizedTest
    @ValueSource(strings = {
        "+17066041487",       // E.164
        "0017066041487",      // 00 international prefix
        "01117066041487",     // 011, the NANP international prefix
        "17066041487",        // country code without +
        "7066041487",         // national (10 digits)
        "+1 (706) 604-1487",  // visual separators (RFC 3966 §5.1.1)
        "706.604.1487",
        "1-706-604-1487",
        "+17066041487;npdi;rn=+17065550000", // user=phone parameters (RFC 4694)
    })
    void everyFormOfANanpNumberIsTheSameE164(String dialed) {
        assertThat(NANP.normalize(dialed)).isEqualTo("+17066041487");
    }

    @Test
    void internationalNumbersDialedFromTheNanp() {
        assertThat(NANP.normalize("0033140000000")).isEqualTo("+33140000000");
        assertThat(NANP.normalize("01133140000000")).isEqualTo("+33140000000");
        assertThat(NANP.normalize("+33 1 40 00 00 00")).isEqualTo("+33140000000");
    }

    @Test
    void aPlanWithANationalPrefix() {
        assertThat(UK.normalize("02079460000")).isEqualTo("+442079460000");
        assertThat(UK.normalize("2079460000")).isEqualTo("+442079460000");
        assertThat(UK.normalize("442079460000")).isEqualTo("+442079460000");
        assertThat(UK.normalize("00442079460000")).isEqualTo("+442079460000");
        assertThat(UK.normalize("+44 (0)20 7946 0000".replace("(0)", ""))).isEqualTo("+442079460000");
        // the international prefix is tried before the national one
        assertThat(UK.normalize("0017066041487")).isEqualTo("+17066041487");
    }

    @Test
    void withoutANationalLengthDigitsAreTakenAsInternational() {
        assertThat(OPEN.normalize("0049301234567")).isEqualTo("+49301234567");
        assertThat(OPEN.normalize("49301234567")).isEqualTo("+49301234567");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"alice", "+", "-", "1001abc", "17+06", "++17066041487", "*97", "#31#", ";npdi"})
    void whatIsNotATelephoneNumberHasNoE164Form(String dialed) {
        assertThat(NANP.normalize(dialed)).isNull();
    }

    @Test
    void thePlusIsOnlyLeadingAndSeparatorsMayPrecedeIt() {
        assertThat(NANP.normalize(" +17066041487")).isEqualTo("+17066041487");
        assertThat(NANP.normalize("(+1) 706 604 1487")).isEqualTo("+17066041487");
    }

    @Test
    void theInternationalPrefixesAreCopied() {
        List<String> prefixes = new ArrayList<>(List.of("00"));
        NumberingPlan plan = new NumberingPlan("1", prefixes, "", 10);
        prefixes.add("9");
        assertThat(plan.internationalPrefixes()).containsExactly("00");
    }
}
