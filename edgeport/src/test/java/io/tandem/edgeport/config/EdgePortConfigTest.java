package io.tandem.edgeport.config;

import io.tandem.config.Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.processor.Transport;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgePortConfigTest {
    private static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    private static final EdgePortConfig BASE = EdgePortConfig.of(List.of(new TransportSpec(Transport.UDP, "0.0.0.0", 5060)));

    @Test
    void destinationsInsideALocalnetGetTheLocalAddressOthersTheFirstExternalOne() {
        EdgePortConfig c = BASE.withNetworks("10.111.221.5", List.of("203.0.113.10", "sip01.edgeport.net"),
            List.of(Cidr.parse("127.0.0.1/8"), Cidr.parse("10.111.221.2/24"), Cidr.parse("fd00::/8")));
        assertThat(c.advertisedHostFor(ip("10.111.221.77"))).isEqualTo("10.111.221.5");
        assertThat(c.advertisedHostFor(ip("127.5.5.5"))).isEqualTo("10.111.221.5");
        assertThat(c.advertisedHostFor(ip("fd12::1"))).isEqualTo("10.111.221.5");
        assertThat(c.advertisedHostFor(ip("10.111.222.1"))).isEqualTo("203.0.113.10");
        assertThat(c.advertisedHostFor(ip("198.51.100.1"))).isEqualTo("203.0.113.10");
        assertThat(c.listeningPoints().get(0).advertisedHost()).isEqualTo("203.0.113.10");
    }

    @Test
    void withAWildcardBindTheLocalAddressIsTheOneTheHostRoutesFrom() {
        EdgePortConfig c = BASE.withNetworks("0.0.0.0", List.of("203.0.113.10"), List.of(Cidr.parse("127.0.0.0/8")));
        assertThat(c.advertisedHostFor(ip("127.0.0.1"))).isEqualTo("127.0.0.1");
        assertThat(c.advertisedHostFor(ip("192.0.2.44"))).isEqualTo("203.0.113.10");
    }

    @Test
    void withoutExternalAddressesEveryoneGetsTheLocalAddress() {
        EdgePortConfig c = EdgePortConfig.of(List.of(new TransportSpec(Transport.UDP, "192.0.2.9", 5060)))
            .withNetworks("192.0.2.9", List.of(), List.of());
        assertThat(c.advertisedHostFor(ip("198.51.100.1"))).isEqualTo("192.0.2.9");
        assertThat(c.listeningPoints().get(0).advertisedHost()).isEqualTo("192.0.2.9");
    }

    @Test
    void cidr() {
        Cidr n = Cidr.parse("10.111.221.2/24");
        assertThat(n.contains(ip("10.111.221.255"))).isTrue();
        assertThat(n.contains(ip("10.111.220.1"))).isFalse();
        assertThat(n.contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("172.16.0.0/12").contains(ip("172.31.255.1"))).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").contains(ip("172.32.0.1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("192.0.2.1").contains(ip("192.0.2.1"))).isTrue();
        assertThat(Cidr.parse("192.0.2.1").contains(ip("192.0.2.2"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/33").contains(ip("2001:db8:7fff::1"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/33").contains(ip("2001:db8:8000::1"))).isFalse();
        assertThat(Cidr.parse("[::1]/128").contains(ip("::1"))).isTrue();
        assertThatThrownBy(() -> Cidr.parse("10.1/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("host.example/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void socketsThatWouldCollide() {
        assertThat(ConfigReader.sameSocket(spec(Transport.UDP, "0.0.0.0", 5060), spec(Transport.TCP, "0.0.0.0", 5060))).isFalse();
        assertThat(ConfigReader.sameSocket(spec(Transport.TCP, "0.0.0.0", 5060), spec(Transport.TLS, "0.0.0.0", 5060))).isTrue();
        assertThat(ConfigReader.sameSocket(spec(Transport.UDP, "10.0.0.1", 5060), spec(Transport.UDP, "10.0.0.2", 5060))).isFalse();
        assertThat(ConfigReader.sameSocket(spec(Transport.UDP, "0.0.0.0", 5060), spec(Transport.UDP, "::1", 5060))).isFalse();
        assertThat(ConfigReader.sameSocket(spec(Transport.UDP, "::", 5060), spec(Transport.UDP, "10.0.0.1", 5060))).isTrue();
        assertThat(ConfigReader.sameSocket(spec(Transport.TCP, "127.0.0.1", 0), spec(Transport.TCP, "127.0.0.1", 0))).isFalse();
    }

    private static TransportSpec spec(Transport t, String host, int port) {
        return new TransportSpec(t, host, port);
    }

    @Test
    void recordsValidateInCode() {
        assertThatThrownBy(() -> new Timers(500, 400, 5000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EdgePortConfig.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransportSpec(Transport.UDP, "0.0.0.0", 65536)).isInstanceOf(IllegalArgumentException.class);
    }
}
