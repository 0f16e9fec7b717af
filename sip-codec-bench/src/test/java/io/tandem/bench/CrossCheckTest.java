package io.tandem.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.sip.message.SipParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs no benchmark: checks that both parsers accept the benchmark messages and agree on them. */
class CrossCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"invite", "register", "ok"})
    void parsersAgree(String name) {
        assertDoesNotThrow(() -> CrossCheck.verify(name, Messages.get(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"invite", "register", "ok"})
    void contentLengthMatchesBody(String name) {
        var m = SipParser.parse(Messages.get(name));
        assertEquals(m.bodyLength(), m.contentLength());
    }

    @Test
    void inviteIsAbout900Bytes() {
        int n = Messages.get("invite").length;
        assertTrue(n > 800 && n < 1000, "INVITE is " + n + " bytes");
    }
}
