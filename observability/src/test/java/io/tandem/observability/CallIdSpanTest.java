package io.tandem.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.observability.capture.CallIdSpan;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Call-ID found in raw bytes (RFC 3261 §7.3.1 forms), as the HEP correlation id takes it. */
class CallIdSpanTest {
    static String callId(String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        long span = CallIdSpan.of(b);
        return span < 0 ? null : new String(b, (int) (span >>> 32), (int) span, StandardCharsets.UTF_8);
    }

    @Test
    void theLongFormInAnyCaseAfterOtherHeadersOfEveryLength() {
        assertThat(callId(Messages.request("INVITE", "a84b4c76e66710@pc33.atlanta.com", "z9hG4bK1", 1)))
            .isEqualTo("a84b4c76e66710@pc33.atlanta.com");
        assertThat(callId("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nContact: <sip:c@d>\r\nCALL-id: up\r\n\r\n")).isEqualTo("up");
        // a line end at every offset modulo 8: the 8-byte scan's edges
        for (int pad = 0; pad < 17; pad++) {
            String m = "OPTIONS sip:a@b SIP/2.0\r\nX-Pad: " + "p".repeat(pad) + "\r\nCall-ID: id" + pad + "\r\n\r\n";
            assertThat(callId(m)).as("pad %d", pad).isEqualTo("id" + pad);
        }
    }

    @Test
    void theCompactFormWithWhitespaceBeforeTheColonAndBareLineFeeds() {
        assertThat(callId("BYE sip:a@b SIP/2.0\r\ni: short@host\r\n\r\n")).isEqualTo("short@host");
        assertThat(callId("BYE sip:a@b SIP/2.0\r\nI \t: spaced  \t\r\n\r\n")).isEqualTo("spaced");
        assertThat(callId("BYE sip:a@b SIP/2.0\nv: SIP/2.0/UDP h\ni:lf-only\n\n")).isEqualTo("lf-only");
        assertThat(callId("BYE sip:a@b SIP/2.0\r\nInfo: x\r\nid: no\r\ni: yes\r\n\r\n")).as("other names beginning with i")
            .isEqualTo("yes");
    }

    @Test
    void aFoldedValueAndAContinuationLineThatIsNoHeader() {
        assertThat(callId("INVITE sip:a@b SIP/2.0\r\nCall-ID:\r\n   folded@host\r\n\r\n")).isEqualTo("folded@host");
        assertThat(callId("INVITE sip:a@b SIP/2.0\r\nSubject: one\r\n i: not-a-header\r\nCall-ID: real\r\n\r\n"))
            .isEqualTo("real");
    }

    @Test
    void noCallIdNoneInTheBodyAndNoneEmpty() {
        assertThat(callId("OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n")).isNull();
        assertThat(callId("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 14\r\n\r\nCall-ID: body\r\n")).isNull();
        assertThat(callId("OPTIONS sip:a@b SIP/2.0\r\nCall-ID:   \r\n\r\n")).isNull();
        assertThat(callId("OPTIONS sip:a@b SIP/2.0\r\nCall-I")).isNull();
        assertThat(callId("")).isNull();
        assertThat(callId("Call-ID: on-the-start-line\r\n\r\n")).isNull();
    }
}
