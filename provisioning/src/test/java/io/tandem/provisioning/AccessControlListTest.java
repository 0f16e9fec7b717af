package io.tandem.provisioning;

import io.tandem.config.Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule notations ({@link Cidr}) and ACL evaluation. */
class AccessControlListTest {

    private static AccessControlList acl(List<String> allow, List<String> deny) {
        return new AccessControlList("v2", "acl", new Metadata("n"), new AccessControlList.Spec(new AccessControlList.Rules(
                allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList())));
    }

    private static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "0.0.0.0/0, 203.0.113.7, true",
            "0.0.0.0/0, ::1, false",
            "0.0.0.0/1, 127.255.255.255, true",
            "0.0.0.0/1, 128.0.0.0, false",
            "192.168.1.0/24, 192.168.1.255, true",
            "192.168.1.0/24, 192.168.2.0, false",
            "192.168.1.3/31, 192.168.1.2, true",
            "192.168.1.3/31, 192.168.1.4, false",
            "127.0.0.1/8, 127.9.9.9, true",
            "10.0.0.1, 10.0.0.1, true",
            "10.0.0.1, 10.0.0.2, false",
            "10.0.0.1/32, 10.0.0.1, true",
            "10.0.0.1/255.255.255.0, 10.0.0.200, true",
            "10.0.0.1/255.255.255.0, 10.0.1.1, false",
            "10.0.0.0/0.0.0.0, 1.2.3.4, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8::/32, 32.1.13.184, false",
            "2001:db8:0:0:8000::/65, 2001:db8::8000:0:0:1, true",
            "2001:db8:0:0:8000::/65, 2001:db8::1, false",
            "::1, ::1, true",
            "::/0, fe80::1, true",
            "::ffff:10.0.0.0/104, 10.1.2.3, true",
    })
    void contains(String rule, String address, boolean expected) {
        assertThat(Cidr.parse(rule).contains(ip(address))).isEqualTo(expected);
    }

    @Test
    void canonicalNetworkAndNotation() {
        Cidr c = Cidr.parse("192.168.1.3/31");
        assertThat(c.network()).isEqualTo("192.168.1.2/31");
        assertThat(c).hasToString("192.168.1.3/31");
        assertThat(c.prefixLength()).isEqualTo(31);
        assertThat(c.isIpv6()).isFalse();
        assertThat(Cidr.parse("10.1.2.3/255.255.0.0").network()).isEqualTo("10.1.0.0/16");
        assertThat(Cidr.parse("2001:db8::1/48").network()).isEqualTo("2001:db8:0:0:0:0:0:0/48");
        assertThat(Cidr.parse("2001:db8::1").prefixLength()).isEqualTo(128);
        assertThat(Cidr.parse("127.0.0.1/8")).isEqualTo(Cidr.parse("127.0.0.0/8"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0|not an IP address",
            "10.0.0.256|not an IPv4 address",
            "10.0.0.1/33|over 32",
            "10.0.0.1/|not a number",
            "10.0.0.1/x|not a number",
            "10.0.0.1/255.0.255.0|not a contiguous network mask",
            "2001:db8::/129|over 128",
            "2001:db8:::1|not an IPv6 address",
            "fe80::1%eth0|scoped",
            "example.com|not an IP address",
            "01.2.3.4.5|not an IP address"})
    void rejectsBadNotations(String rule, String reason) {
        assertThatThrownBy(() -> Cidr.parse(rule)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason).hasMessageContaining(rule);
    }

    @Test
    void mostSpecificRuleWins() {
        AccessControlList a = acl(List.of("10.0.0.0/8"), List.of("0.0.0.0/0", "10.9.0.0/16"));
        assertThat(a.allows(ip("10.1.2.3"))).isTrue();   // allow /8 beats deny /0
        assertThat(a.allows(ip("10.9.1.1"))).isFalse();  // deny /16 beats allow /8
        assertThat(a.allows(ip("8.8.8.8"))).isFalse();   // only deny /0 matches
    }

    @Test
    void denyWinsOverAllowOfTheSameSize() {
        AccessControlList a = acl(List.of("192.168.0.0/24", "192.168.0.7"), List.of("192.168.0.0/24", "192.168.0.7/32"));
        assertThat(a.allows(ip("192.168.0.7"))).isFalse();
        assertThat(a.allows(ip("192.168.0.8"))).isFalse();
    }

    @Test
    void unmatchedAddressIsRefusedWhenThereIsAnAllowList() {
        // Routr's example: "deny 0.0.0.0/1" does not cover 128.0.0.0 and up, the allow list still keeps them out
        AccessControlList a = acl(List.of("192.168.1.3/31", "127.0.0.1/8", "10.111.221.22/31"), List.of("0.0.0.0/1"));
        assertThat(a.allows(ip("10.111.221.23"))).isTrue();
        assertThat(a.allows(ip("127.0.0.1"))).isTrue();
        assertThat(a.allows(ip("10.111.221.24"))).isFalse();
        assertThat(a.allows(ip("200.1.1.1"))).isFalse();
        assertThat(a.allows(ip("::1"))).isFalse();
    }

    @Test
    void denyOnlyListIsABlockList() {
        AccessControlList a = acl(List.of(), List.of("198.51.100.0/24", "2001:db8:bad::/48"));
        assertThat(a.allows(ip("198.51.100.1"))).isFalse();
        assertThat(a.allows(ip("198.51.101.1"))).isTrue();
        assertThat(a.allows(ip("2001:db8:bad::5"))).isFalse();
        assertThat(a.allows(ip("2001:db8:900d::5"))).isTrue();
    }

    @Test
    void emptyAclAllowsAll() {
        assertThat(acl(List.of(), List.of()).allows(ip("1.2.3.4"))).isTrue();
        assertThat(new AccessControlList.Spec(null).accessControlList().allows(ip("::1"))).isTrue();
    }

    @Test
    void ipv6Rules() {
        AccessControlList a = acl(List.of("2001:db8::/32", "::1"), List.of("::/0", "2001:db8:dead::/48"));
        assertThat(a.allows(ip("2001:db8:1::1"))).isTrue();
        assertThat(a.allows(ip("2001:db8:dead::1"))).isFalse();
        assertThat(a.allows(ip("::1"))).isTrue();
        assertThat(a.allows(ip("2001:db9::1"))).isFalse();
        assertThat(a.allows(ip("10.0.0.1"))).isFalse(); // an allow list, and no IPv4 rule matches
    }
}
