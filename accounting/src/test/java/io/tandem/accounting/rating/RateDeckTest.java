package io.tandem.accounting.rating;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.accounting.call.CallParties;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.EndedCall;
import io.tandem.accounting.call.HangupSide;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateDeckTest {
    private static final long START = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private RateDeck deck() throws Exception {
        Path f = dir.resolve("ratedeck.yaml");
        Files.writeString(f, """
            kind: RateDeck
            ref: deck-usd
            spec:
              currency: USD
              rates:
                - prefix: "+1"
                  perMinute: 0.0100
                - prefix: "+1404"
                  perMinute: 0.0200
                  connectionFee: 0.05
                  increments: 30/6
                - prefix: "+1404555"
                  perMinute: 0.5
                  validUntil: 2026-01-01T00:00:00Z
                - prefix: "+1404555"
                  perMinute: 0.03
                  validFrom: 2026-01-01T00:00:00Z
            """);
        return RateDeckFile.load(f);
    }

    private static EndedCall call(String callee, long durationMillis) {
        CallParties p = new CallParties("agent", "a", "trunk", "t", "outbound", "d", "+17066041487", callee);
        return new EndedCall("c", "a", "b", "sip:a@x", "sip:" + callee + "@x", "e", p, START, START + 1000,
            START + 1000 + durationMillis, 200, "BYE", Disposition.ANSWERED, HangupSide.CALLER);
    }

    @Test
    void longestValidPrefixWins() throws Exception {
        RateDeck d = deck();
        Instant at = Instant.ofEpochMilli(START);
        assertThat(d.find("+14045550123", at).perMinute()).isEqualByComparingTo("0.03");
        assertThat(d.find("+14045550123", Instant.parse("2025-06-01T00:00:00Z")).perMinute()).isEqualByComparingTo("0.5");
        assertThat(d.find("+14049990000", at).prefix()).isEqualTo("+1404");
        assertThat(d.find("+12125550000", at).prefix()).isEqualTo("+1");
        assertThat(d.find("+442071234567", at)).isNull();
    }

    @Test
    void incrementsAndConnectionFeeMakeTheCost() throws Exception {
        Rating r = deck().rate(call("+14049990000", 31_200));
        assertThat(r.billedSeconds()).isEqualTo(36); // 30 first, then one 6-second increment
        assertThat(r.cost()).isEqualByComparingTo(new BigDecimal("0.062")); // 0.05 + 36/60 * 0.02
        assertThat(r.currency()).isEqualTo("USD");
        assertThat(r.deck()).isEqualTo("deck-usd");
        Rating minute = deck().rate(call("+12125550000", 1));
        assertThat(minute.billedSeconds()).isEqualTo(60);
        assertThat(minute.cost()).isEqualByComparingTo("0.01");
    }

    @Test
    void unansweredOrUnknownNumbersAreNotRated() throws Exception {
        EndedCall busy = new EndedCall("c", "a", null, "sip:a@x", "sip:b@x", "e",
            new CallParties(null, null, null, null, null, null, null, "+14045550123"), START, 0, START + 10, 486, "Busy",
            Disposition.BUSY, HangupSide.CALLEE);
        assertThat(deck().rate(busy).rated()).isFalse();
        assertThat(deck().rate(call("+442071234567", 60_000)).rated()).isFalse();
    }
}
