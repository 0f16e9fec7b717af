package io.tandem.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.config.ConfigException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MediaSettingsTest {
    @Test
    void defaults() {
        MediaSettings s = MediaSettings.parse("kind: Media\nspec:\n  rtpengines:\n    - addr: 127.0.0.1:2223\n", "media.yaml");
        assertThat(s.rtpengines()).containsExactly(new InetSocketAddress("127.0.0.1", 2223));
        assertThat(s.policy()).isEqualTo(AnchorPolicy.ALWAYS);
        assertThat(s.timeoutMillis()).isEqualTo(800);
        assertThat(s.retransmitMillis()).isEqualTo(200);
        assertThat(s.pingMillis()).isEqualTo(2000);
        assertThat(s.codecsToward(LegProfile.PLAIN).isNone()).isTrue();
        assertThat(s.maxInFlight()).isEqualTo(128);
        assertThat(s.maxQueued()).isEqualTo(1024);
        MediaSettings set = MediaSettings.parse("kind: Media\nspec:\n  rtpengines: [{addr: 127.0.0.1:2223}]\n  maxInFlight: 64\n"
            + "  maxQueued: 0\n", "media.yaml");
        assertThat(set.maxInFlight()).isEqualTo(64);
        assertThat(set.maxQueued()).isZero();
        assertThatThrownBy(() -> MediaSettings.parse("kind: Media\nspec:\n  rtpengines: [{addr: 127.0.0.1:2223}]\n  maxQueued: -1\n",
            "media.yaml")).hasMessageContaining("maxQueued");
    }

    @Test
    void codecFiltersPerLegProfileBecomeRtpenginesCodecDictionary() {
        MediaSettings s = MediaSettings.parse("kind: Media\nspec:\n  rtpengines: [{addr: 127.0.0.1:2223}]\n  codecs:\n"
            + "    plain: {transcode: [PCMU, PCMA], mask: [opus]}\n    webrtc: {transcode: [opus/48000/2]}\n", "media.yaml");
        assertThat(s.codecsToward(LegProfile.PLAIN).ngCodec())
            .isEqualTo(java.util.Map.of("transcode", java.util.List.of("PCMU", "PCMA"), "mask", java.util.List.of("opus")));
        assertThat(s.codecsToward(LegProfile.WEBRTC).ngCodec()).isEqualTo(java.util.Map.of("transcode", java.util.List.of("opus/48000/2")));
        assertThatThrownBy(() -> MediaSettings.parse("kind: Media\nspec:\n  rtpengines: [{addr: 127.0.0.1:2223}]\n  codecs:\n"
            + "    phone: {transcode: [PCMU]}\n    plain: {transcode: [\"PC MU\"]}\n", "/etc/t/media.yaml"))
            .hasMessageContaining("/etc/t/media.yaml").hasMessageContaining("spec.codecs.phone")
            .hasMessageContaining("spec.codecs.plain.transcode[0]");
    }

    @Test
    void problemsNameTheFileAndTheField() {
        assertThatThrownBy(() -> MediaSettings.parse("kind: Media\nspec:\n  rtpengines: []\n  polcy: always\n", "/etc/t/media.yaml"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("/etc/t/media.yaml")
            .hasMessageContaining("spec.polcy").hasMessageContaining("spec.rtpengines");
        assertThatThrownBy(() -> MediaSettings.parse("kind: Media\nspec:\n  rtpengines: [{addr: \"127.0.0.1:99999\"}, "
            + "{addr: \"127.0.0.1:5\"}, {addr: \"127.0.0.1:5\"}]\n  timeoutMillis: 100\n  retransmitMillis: 200\n", "media.yaml"))
            .hasMessageContaining("spec.rtpengines[0].addr").hasMessageContaining("spec.rtpengines[2].addr: 127.0.0.1:5 is listed twice")
            .hasMessageContaining("spec.retransmitMillis");
        assertThatThrownBy(() -> MediaSettings.parse("kind: Media\nspec:\n  rtpengines: [{addr: \"nohost\"}]\n  policy: sometimes\n",
            "media.yaml")).hasMessageContaining("spec.policy").hasMessageContaining("spec.rtpengines[0].addr");
    }
}
