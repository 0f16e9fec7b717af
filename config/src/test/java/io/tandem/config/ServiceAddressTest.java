package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceAddressTest {
    @Test
    void readsHostNamesIpv4AndBracketedIpv6() {
        assertThat(ServiceAddress.parse("connect:51904")).isEqualTo(new ServiceAddress("connect", 51904));
        assertThat(ServiceAddress.parse("dispatcher.svc.cluster.local:51901").host()).isEqualTo("dispatcher.svc.cluster.local");
        assertThat(ServiceAddress.parse("my_processor:1")).isEqualTo(new ServiceAddress("my_processor", 1));
        assertThat(ServiceAddress.parse("127.0.0.1:65535")).isEqualTo(new ServiceAddress("127.0.0.1", 65535));
        assertThat(ServiceAddress.parse("[::1]:51902")).isEqualTo(new ServiceAddress("::1", 51902));
        assertThat(ServiceAddress.parse("[2001:db8::7]:80").toString()).isEqualTo("[2001:db8::7]:80");
        assertThat(ServiceAddress.parse(" 10.0.0.5:51904 ").toString()).isEqualTo("10.0.0.5:51904");
        assertThat(ServiceAddress.parseListen("0.0.0.0:0").port()).isZero();
    }

    @Test
    void refusesEachMalformedAddressWithItsReason() {
        assertThatThrownBy(() -> ServiceAddress.parse("connect")).hasMessage(
            "'connect' is not HOST:PORT (a host name, an IPv4 address or [IPv6], then the port)");
        assertThatThrownBy(() -> ServiceAddress.parse("connect:")).hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> ServiceAddress.parse(":51904")).hasMessage("':51904': '' is not a host name (letters, digits, '-', '_' and dots)");
        assertThatThrownBy(() -> ServiceAddress.parse("connect:0")).hasMessage("'connect:0': the port '0' is not a number between 1 and 65535");
        assertThatThrownBy(() -> ServiceAddress.parse("connect:65536")).hasMessageContaining("the port '65536' is not a number");
        assertThatThrownBy(() -> ServiceAddress.parse("connect:http")).hasMessageContaining("the port 'http' is not a number");
        assertThatThrownBy(() -> ServiceAddress.parse("connect:-1")).hasMessageContaining("the port '-1'");
        assertThatThrownBy(() -> ServiceAddress.parse("300.1.1.1:5")).hasMessage("'300.1.1.1:5': '300.1.1.1' is not an IPv4 address");
        assertThatThrownBy(() -> ServiceAddress.parse("::1:51904")).hasMessage(
            "'::1:51904': an IPv6 address is written in brackets ([::1]:51904)");
        assertThatThrownBy(() -> ServiceAddress.parse("[::g]:5")).hasMessage("'[::g]:5': '[::g]' is not an IPv6 address in brackets");
        assertThatThrownBy(() -> ServiceAddress.parse("[::1:5")).hasMessageContaining("is not an IPv6 address in brackets");
        assertThatThrownBy(() -> ServiceAddress.parse("http://connect:51904")).hasMessage("'http://connect:51904': HOST:PORT takes no scheme");
        assertThatThrownBy(() -> ServiceAddress.parse("-bad.example:5")).hasMessageContaining("is not a host name");
        assertThatThrownBy(() -> ServiceAddress.parse("a..b:5")).hasMessageContaining("is not a host name");
    }
}
