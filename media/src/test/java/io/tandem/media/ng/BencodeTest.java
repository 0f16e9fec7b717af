package io.tandem.media.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made vectors in the shapes the ng protocol documentation shows. */
class BencodeTest {
    static String enc(Object v) {
        return new String(Bencode.encode(v), StandardCharsets.UTF_8);
    }

    static Object dec(String s) {
        return Bencode.decode(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pingAndPong() {
        assertThat(enc(Map.of("command", "ping"))).isEqualTo("d7:command4:pinge");
        assertThat(dec("d6:result4:ponge")).isEqualTo(Map.of("result", "pong"));
    }

    @Test
    void anOfferWithFlagsAndAList() {
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("command", "offer");
        offer.put("call-id", "abc@h");
        offer.put("from-tag", "f1");
        offer.put("flags", List.of("trust-address"));
        offer.put("replace", List.of("origin", "session-connection"));
        offer.put("sdp", "v=0\r\n");
        assertThat(enc(offer)).isEqualTo("d7:command5:offer7:call-id5:abc@h8:from-tag2:f1"
            + "5:flagsl13:trust-addresse7:replacel6:origin18:session-connectione3:sdp5:v=0\r\ne");
    }

    @Test
    void integersListsAndNestedDictionaries() {
        assertThat(enc(List.of(42, -7L, 0))).isEqualTo("li42ei-7ei0ee");
        assertThat(enc(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 10, 1_000_000)))
            .isEqualTo("li9223372036854775807ei-9223372036854775808ei10ei1000000ee");
        assertThat(enc("x".repeat(1200))).startsWith("1200:xxx").hasSize(1205); // past the first buffer
        assertThat(dec("d6:totalsd3:RTPd7:packetsi12e5:bytesi1920eeee"))
            .isEqualTo(Map.of("totals", Map.of("RTP", Map.of("packets", 12L, "bytes", 1920L))));
        assertThat(dec("le")).isEqualTo(List.of());
        assertThat(dec("0:")).isEqualTo("");
    }

    @Test
    void anErrorReply() {
        Object v = dec("d6:result5:error12:error-reason15:Unknown call-ide");
        assertThat(v).isEqualTo(Map.of("result", "error", "error-reason", "Unknown call-id"));
    }

    @Test
    void utf8StringsCountBytes() {
        assertThat(enc("é")).isEqualTo("2:é");
        assertThat(dec("2:é")).isEqualTo("é");
    }

    @Test
    void keysKeepTheirOrderEvenUnsorted() {
        Object v = dec("d1:bi1e1:ai2ee");
        assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of("b", "a"));
    }

    @Test
    void malformedInputIsRefused() {
        for (String bad : new String[] {"", "d", "i12", "ie", "i-0e", "i03e", "5:abc", "d1:ae", "di1ei2ee", "x", "4:spamX",
            "d1:ai1e1:ai2ee", "l".repeat(40) + "e".repeat(40)}) {
            assertThatThrownBy(() -> dec(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void roundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("body", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
        m.put("n", 5L);
        m.put("l", List.of("a", List.of(1L), Map.of("k", "v")));
        assertThat(Bencode.decode(Bencode.encode(m))).isEqualTo(m);
    }

    @Test
    void anSdpIsWrittenFromAndReadAsBytes() {
        byte[] sdp = "v=0\r\ns=caf\u00e9\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", "ok");
        m.put("sdp", sdp);
        byte[] wire = Bencode.encode(m);
        assertThat(new String(wire, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("d6:result2:ok3:sdp" + sdp.length
            + ":v=0\r\ns=caf\u00e9\r\ne");
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Bencode.decode(wire);
        assertThat(back.get("sdp")).isInstanceOf(byte[].class).isEqualTo(sdp);
        assertThat(new NgReply(back, 0).sdp()).isEqualTo("v=0\r\ns=caf\u00e9\r\n");
        assertThat(new NgReply(back, 0).sdpBytes()).isEqualTo(sdp);
    }
}
