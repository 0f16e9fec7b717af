package io.tandem.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdpTest {
    static final String HEAD = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n";

    @Test
    void readsTheConnectionAddressAndWhetherItIsWebRtc() {
        Sdp plain = Sdp.parse(HEAD + "c=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n");
        assertThat(plain).isEqualTo(new Sdp("10.0.0.1", false));
        Sdp browser = Sdp.parse(HEAD + "t=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:x\r\n");
        assertThat(browser).isEqualTo(new Sdp("0.0.0.0", true));
    }

    @Test
    void refusesWhatRtpengineCouldNotUse() {
        for (String bad : new String[] {"", "hello", "v=1\r\n", HEAD + "t=0 0\r\n", HEAD + "m=audio x RTP/AVP 0\r\nc=IN IP4 1.2.3.4\r\n",
            HEAD + "m=audio 4000 RTP/AVP 0\r\n", "v=0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\n",
            HEAD + "c=IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\n", HEAD + "junk\r\n",
            HEAD + "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 1.2.3.4\r\nm=video 4002 RTP/AVP 96\r\n"}) {
            assertThatThrownBy(() -> Sdp.parse(bad)).as(bad).isInstanceOf(Sdp.MalformedSdp.class);
        }
    }
}
