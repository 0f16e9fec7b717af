package io.tandem.accounting.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.accounting.call.CallParties;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.EndedCall;
import io.tandem.accounting.call.HangupSide;
import io.tandem.accounting.rating.Rating;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CdrJsonTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CdrJson writer = new CdrJson();

    private JsonNode read(Cdr c) {
        byte[] b = writer.bytes(c);
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(CdrJson.of(c));
        return JSON.readTree(b);
    }

    private static Cdr cdr(String caller, String reason, Instant start, Instant answer, Instant end, Rating rating) {
        CallParties p = new CallParties("agent", "agent-1001", "trunk", "trunk-carrier", "outbound", "dom-e2e", "+17066041487",
            "+14045550001");
        EndedCall e = new EndedCall("call-1@host", "ft", "tt", caller, "sip:+14045550001@pbx.test", "edge-1", p,
            start.toEpochMilli(), answer == null ? 0 : answer.toEpochMilli(), end.toEpochMilli(), 200, reason,
            Disposition.ANSWERED, HangupSide.CALLEE, "/var/spool/x.pcap");
        Cdr c = Cdr.of("0190f0e2-7b1c-7abc-8def-0123456789ab", e, rating);
        return new Cdr(c.id(), c.callId(), c.fromTag(), c.toTag(), c.caller(), c.callee(), c.callerE164(), c.calleeE164(),
            c.sourceKind(), c.sourceRef(), c.destinationKind(), c.destinationRef(), c.direction(), c.tenant(), c.edgePortRef(),
            start, answer, end, c.durationMillis(), c.status(), c.reason(), c.disposition(), c.hangup(), c.rating(), c.recording());
    }

    @Test
    void everyColumnComesBackAsItWent() {
        Instant start = Instant.parse("2026-12-07T23:59:58.123Z");
        Rating r = new Rating("deck-usd", "+1404", new BigDecimal("0.020000"), 90, new BigDecimal("0.080000"), "USD");
        Cdr c = cdr("sip:1001@pbx.test", "BYE", start, start.plusMillis(877), start.plusSeconds(90), r);
        JsonNode j = read(c);
        assertThat(j.size()).isEqualTo(30);
        assertThat(j.path("id").asString()).isEqualTo(c.id());
        assertThat(j.path("call_id").asString()).isEqualTo("call-1@host");
        assertThat(j.path("from_tag").asString()).isEqualTo("ft");
        assertThat(j.path("to_tag").asString()).isEqualTo("tt");
        assertThat(j.path("caller").asString()).isEqualTo("sip:1001@pbx.test");
        assertThat(j.path("callee").asString()).isEqualTo("sip:+14045550001@pbx.test");
        assertThat(j.path("caller_e164").asString()).isEqualTo("+17066041487");
        assertThat(j.path("callee_e164").asString()).isEqualTo("+14045550001");
        assertThat(j.path("source_kind").asString()).isEqualTo("agent");
        assertThat(j.path("source_ref").asString()).isEqualTo("agent-1001");
        assertThat(j.path("destination_kind").asString()).isEqualTo("trunk");
        assertThat(j.path("destination_ref").asString()).isEqualTo("trunk-carrier");
        assertThat(j.path("direction").asString()).isEqualTo("outbound");
        assertThat(j.path("tenant").asString()).isEqualTo("dom-e2e");
        assertThat(j.path("edgeport_ref").asString()).isEqualTo("edge-1");
        assertThat(j.path("start_time").asString()).isEqualTo("2026-12-07T23:59:58.123Z");
        assertThat(j.path("answer_time").asString()).isEqualTo("2026-12-07T23:59:59Z");
        assertThat(j.path("end_time").asString()).isEqualTo("2026-12-08T00:01:28.123Z");
        assertThat(j.path("duration_ms").asLong()).isEqualTo(c.durationMillis());
        assertThat(j.path("status").asInt()).isEqualTo(200);
        assertThat(j.path("reason").asString()).isEqualTo("BYE");
        assertThat(j.path("disposition").asString()).isEqualTo("ANSWERED");
        assertThat(j.path("hangup").asString()).isEqualTo("CALLEE");
        assertThat(j.path("rate_deck").asString()).isEqualTo("deck-usd");
        assertThat(j.path("rate_prefix").asString()).isEqualTo("+1404");
        assertThat(j.path("rate_per_minute").decimalValue()).isEqualByComparingTo("0.02");
        assertThat(j.path("billed_seconds").asLong()).isEqualTo(90);
        assertThat(j.path("cost").decimalValue()).isEqualByComparingTo("0.08");
        assertThat(j.path("currency").asString()).isEqualTo("USD");
        assertThat(j.path("recording").asString()).isEqualTo("/var/spool/x.pcap");
    }

    @Test
    void absentValuesAreNull() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        JsonNode j = read(cdr(null, null, start, null, start.plusMillis(5), Rating.NONE));
        for (String f : new String[] {"caller", "reason", "answer_time", "rate_deck", "rate_prefix", "rate_per_minute", "cost",
            "currency"}) {
            assertThat(j.get(f).isNull()).as(f).isTrue();
        }
        assertThat(j.path("start_time").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(j.path("duration_ms").asLong()).isZero();
        assertThat(j.path("billed_seconds").asLong()).isZero();
    }

    @Test
    void quotesBackslashesControlsAndNonAsciiSurvive() {
        String nasty = "\"Bob\" \\o/ \t\n\u0001\u001f é € 😀 \ud800 end";
        Instant start = Instant.parse("2026-03-01T12:00:00.001Z");
        Cdr c = cdr(nasty, "Décroché\r\n", start, start, start.plusMillis(10), Rating.NONE);
        String text = CdrJson.of(c);
        assertThat(text).contains("\\\"Bob\\\" \\\\o/ \\u0009\\u000a\\u0001\\u001f é € 😀 \\ud800 end")
            .doesNotContain("\n").doesNotContain("\t");
        JsonNode j = read(c);
        assertThat(j.path("caller").asString()).isEqualTo(nasty);
        assertThat(j.path("reason").asString()).isEqualTo("Décroché\r\n");
    }

    @Test
    void timesAreWrittenAsInstantWritesThem() {
        long[] samples = {0, 1, 999, 86_399_999, 951_782_400_000L /* 2000-02-29 */, 4_102_444_799_999L, 1_700_000_000_010L,
            -1, -86_400_001L, 253_402_300_799_999L /* 9999-12-31T23:59:59.999Z */};
        for (long ms : samples) {
            Instant t = Instant.ofEpochMilli(ms);
            JsonNode j = read(cdr("a", "b", t, t, t, Rating.NONE));
            assertThat(j.path("start_time").asString()).as("%d", ms).isEqualTo(t.toString());
        }
        Instant micros = Instant.parse("2026-03-01T12:00:00.000001Z"); // not whole milliseconds: as Instant writes it
        assertThat(read(cdr("a", "b", micros, null, micros, Rating.NONE)).path("start_time").asString()).isEqualTo(micros.toString());
        for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_000L + 400L * 86_400_000L; ms += 86_400_000L + 3_601_001L) {
            Instant t = Instant.ofEpochMilli(ms);
            assertThat(read(cdr("a", "b", t, t, t, Rating.NONE)).path("end_time").asString()).isEqualTo(t.toString());
        }
    }

    @Test
    void theWriterReusesItsBufferAndGrowsItForLargeCdrs() {
        Instant t = Instant.parse("2026-03-01T12:00:00Z");
        String big = "x".repeat(5_000);
        assertThat(read(cdr(big, "r", t, t, t, Rating.NONE)).path("caller").asString()).isEqualTo(big);
        assertThat(read(cdr("small", "r", t, t, t, Rating.NONE)).path("caller").asString()).isEqualTo("small");
    }
}
