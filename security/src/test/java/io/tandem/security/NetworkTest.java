package io.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.processor.Transport;
import io.tandem.security.SecurityConfig.Acl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {
    @Test
    void ipv4PrefixesMatchLikeTheirBytes() {
        assertThat(Network.parse("10.1.0.0/16").contains(ip("10.1.255.3"))).isTrue();
        assertThat(Network.parse("10.1.0.0/16").contains(ip("10.2.0.1"))).isFalse();
        assertThat(Network.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
        assertThat(Network.parse("192.0.2.1").contains(ip("192.0.2.1"))).isTrue();
        assertThat(Network.parse("192.0.2.1").contains(ip("192.0.2.2"))).isFalse();
        assertThat(Network.parse("128.0.0.0/1").contains(ip("200.0.0.1"))).isTrue();
        assertThat(Network.parse("128.0.0.0/1").contains(ip("100.0.0.1"))).isFalse();
        assertThat(Network.parse("2001:db8::/32").contains(ip("2001:db8:1::5"))).isTrue();
        assertThat(Network.parse("2001:db8::/32").contains(ip("10.0.0.1"))).isFalse();
        assertThat(Network.parse("10.0.0.0/8").toString()).isEqualTo("10.0.0.0/8");
        assertThat(Network.parse("10.0.0.1").toString()).isEqualTo("10.0.0.1");
        assertThatThrownBy(() -> Network.parse("10.1/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aclTheMostSpecificNetworkDecidesAndDenyWinsATie() {
        AccessList acl = new AccessList(new Acl(nets("10.1.1.1", "192.168.0.0/16"), nets("10.0.0.0/8", "192.168.5.0/24", "192.168.0.0/16")));
        assertThat(admits(acl, "10.1.1.1")).as("allow /32 inside deny /8").isTrue();
        assertThat(admits(acl, "10.1.1.2")).isFalse();
        assertThat(admits(acl, "192.168.1.1")).as("tie at /16: deny").isFalse();
        assertThat(admits(acl, "203.0.113.1")).as("no match, allow not empty").isFalse();
        AccessList denyOnly = new AccessList(new Acl(Networks.NONE, nets("203.0.113.0/24")));
        assertThat(admits(denyOnly, "203.0.113.1")).isFalse();
        assertThat(admits(denyOnly, "198.51.100.1")).as("no match, allow empty").isTrue();
        AccessList allowOnly = new AccessList(new Acl(nets("198.51.100.0/24"), Networks.NONE));
        assertThat(admits(allowOnly, "198.51.100.1")).isTrue();
        assertThat(admits(allowOnly, "198.51.101.1")).isFalse();
        assertThat(allowOnly.refused()).isEqualTo(1);
    }

    private static boolean admits(AccessList acl, String ip) {
        return acl.admits(new InetSocketAddress(ip, 5060), Transport.UDP);
    }

    static Networks nets(String... s) {
        return new Networks(List.of(s).stream().map(Network::parse).toList());
    }

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }
}
