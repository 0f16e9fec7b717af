package io.tandem.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.sip.SipMethod;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HeaderName ids and compact forms (RFC 3261 §7.3.3 and extensions); SipMethod interning (§7.1). */
class HeaderNameTest {

    private static final String[] ALL = {
        "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Max-Forwards", "Route", "Record-Route", "Path",
        "Content-Length", "Content-Type", "Expires", "Min-Expires", "Supported", "Require", "Proxy-Require",
        "Unsupported", "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate",
        "User-Agent", "Server", "Allow", "Accept", "Content-Encoding", "Content-Disposition", "Subject",
        "Event", "Allow-Events", "Refer-To", "Referred-By", "Session-Expires", "Date", "Timestamp", "Privacy",
        "P-Asserted-Identity", "Reason", "Accept-Encoding", "Accept-Language", "Authentication-Info",
        "Content-Language", "MIME-Version", "Identity",
    };

    @Test
    void everyKnownNameInEveryCase() {
        assertThat(HeaderName.count()).isEqualTo(ALL.length);
        Set<Integer> ids = new HashSet<>();
        for (String name : ALL) {
            int id = HeaderName.lookup(name);
            assertThat(id).as(name).isNotEqualTo(HeaderName.UNKNOWN);
            assertThat(HeaderName.canonical(id)).isEqualTo(name);
            assertThat(HeaderName.lookup(name.toLowerCase(Locale.ROOT))).as(name).isEqualTo(id);
            assertThat(HeaderName.lookup(name.toUpperCase(Locale.ROOT))).as(name).isEqualTo(id);
            assertThat(HeaderName.lookup(alternating(name))).as(name).isEqualTo(id);
            byte[] inLine = ("  " + name + ":").getBytes(StandardCharsets.US_ASCII);
            assertThat(HeaderName.lookup(inLine, 2, 2 + name.length())).as(name).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(ALL.length);
    }

    private static String alternating(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(i % 2 == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return sb.toString();
    }

    @ParameterizedTest
    @CsvSource({
        "v, Via", "f, From", "t, To", "i, Call-ID", "m, Contact", "l, Content-Length", "c, Content-Type",
        "k, Supported", "s, Subject", "e, Content-Encoding", "o, Event", "u, Allow-Events", "r, Refer-To",
        "b, Referred-By", "x, Session-Expires", "y, Identity",
    })
    void compactForms(String compact, String longName) {
        int id = HeaderName.lookup(longName);
        assertThat(HeaderName.lookup(compact)).isEqualTo(id);
        assertThat(HeaderName.lookup(compact.toUpperCase(Locale.ROOT))).isEqualTo(id);
        assertThat(HeaderName.canonical(HeaderName.lookup(compact))).isEqualTo(longName);
    }

    @Test
    void idConstants() {
        assertThat(HeaderName.lookup("via")).isEqualTo(HeaderName.VIA);
        assertThat(HeaderName.lookup("CALL-ID")).isEqualTo(HeaderName.CALL_ID);
        assertThat(HeaderName.lookup("cseq")).isEqualTo(HeaderName.CSEQ);
        assertThat(HeaderName.lookup("www-authenticate")).isEqualTo(HeaderName.WWW_AUTHENTICATE);
        assertThat(HeaderName.lookup("l")).isEqualTo(HeaderName.CONTENT_LENGTH);
        assertThat(HeaderName.lookup("Mime-Version")).isEqualTo(HeaderName.MIME_VERSION);
        assertThat(HeaderName.lookup("identity")).isEqualTo(HeaderName.IDENTITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X-Custom", "Vias", "Vi", "a", "j", "d", "z", "Call_ID", "CallID", "Content-Lengt",
        "Content-Lengths", "Max-Forwards ", "P-Charging-Vector", "Accept-Contact", "Tó"})
    void unknownNames(String name) {
        assertThat(HeaderName.lookup(name)).isEqualTo(HeaderName.UNKNOWN);
    }

    @Test
    void listHeaders() {
        assertThat(HeaderName.isList(HeaderName.VIA)).isTrue();
        assertThat(HeaderName.isList(HeaderName.CONTACT)).isTrue();
        assertThat(HeaderName.isList(HeaderName.ROUTE)).isTrue();
        assertThat(HeaderName.isList(HeaderName.RECORD_ROUTE)).isTrue();
        assertThat(HeaderName.isList(HeaderName.SUPPORTED)).isTrue();
        assertThat(HeaderName.isList(HeaderName.FROM)).isFalse();
        assertThat(HeaderName.isList(HeaderName.CALL_ID)).isFalse();
        assertThat(HeaderName.isList(HeaderName.WWW_AUTHENTICATE)).isFalse();
        assertThat(HeaderName.isList(HeaderName.DATE)).isFalse();
        assertThat(HeaderName.isList(HeaderName.UNKNOWN)).isFalse();
    }

    // ---- SipMethod

    @Test
    void knownMethodsAreInterned() {
        SipMethod[] known = {SipMethod.INVITE, SipMethod.ACK, SipMethod.BYE, SipMethod.CANCEL, SipMethod.OPTIONS,
            SipMethod.REGISTER, SipMethod.PRACK, SipMethod.SUBSCRIBE, SipMethod.NOTIFY, SipMethod.PUBLISH,
            SipMethod.INFO, SipMethod.REFER, SipMethod.MESSAGE, SipMethod.UPDATE};
        for (SipMethod m : known) {
            byte[] b = (" " + m.name() + " ").getBytes(StandardCharsets.US_ASCII);
            assertThat(SipMethod.of(b, 1, b.length - 1)).isSameAs(m);
            assertThat(SipMethod.of(m.name())).isSameAs(m);
            assertThat(m.isKnown()).isTrue();
            assertThat(m.toString()).isEqualTo(m.name());
        }
    }

    @Test
    void extensionMethodsAreEqualByName() {
        byte[] b = "FOO".getBytes(StandardCharsets.US_ASCII);
        SipMethod a = SipMethod.of(b, 0, 3);
        SipMethod c = SipMethod.of("FOO");
        assertThat(a).isNotSameAs(c).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(a.isKnown()).isFalse();
        assertThat(a.name()).isEqualTo("FOO");
        assertThat(a).isNotEqualTo(SipMethod.INVITE);
    }

    @Test
    void methodsAreCaseSensitive() {
        byte[] b = "Invite".getBytes(StandardCharsets.US_ASCII);
        SipMethod m = SipMethod.of(b, 0, b.length);
        assertThat(m).isNotSameAs(SipMethod.INVITE).isNotEqualTo(SipMethod.INVITE);
        assertThat(m.isKnown()).isFalse();
        assertThat(SipMethod.of("invite")).isNotEqualTo(SipMethod.INVITE);
        // a known name that is a prefix of the token is not a match
        byte[] longer = "INVITES".getBytes(StandardCharsets.US_ASCII);
        assertThat(SipMethod.of(longer, 0, longer.length).name()).isEqualTo("INVITES");
        assertThat(SipMethod.of(longer, 0, 6)).isSameAs(SipMethod.INVITE);
    }

    @Test
    void invalidMethodNames() {
        assertThatThrownBy(() -> SipMethod.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipMethod.of("IN VITE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipMethod.of("INVITÉ")).isInstanceOf(IllegalArgumentException.class);
    }
}
