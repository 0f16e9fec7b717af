package io.tandem.edgeport.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.processor.Transport;
import io.tandem.sip.uri.SipUri;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 3263 §4 resolution against a real dnsmasq serving dns/records.conf. */
class DnsResolverTest {
    private static Dnsmasq dns;

    @BeforeAll
    static void startDns() throws Exception {
        dns = Dnsmasq.start("/dns/records.conf");
    }

    @AfterAll
    static void stopDns() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    static DnsResolver.Builder resolver() {
        return DnsResolver.builder().server(dns.address()).timeout(Duration.ofSeconds(2));
    }

    static List<Destination> resolve(DnsResolver r, String uri) throws Exception {
        return r.resolve(SipUri.parse(uri)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static SipResolutionException failure(DnsResolver r, String uri) {
        var f = r.resolve(SipUri.parse(uri)).toCompletableFuture();
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(SipResolutionException.class);
        return (SipResolutionException) f.exceptionNow();
    }

    static Destination d(Transport t, String ip, int port) throws Exception {
        return new Destination(t, new InetSocketAddress(InetAddress.getByName(ip), port)); // literal: no lookup
    }

    @Test
    void nameWithPortUsesOnlyAddressRecordsIpv4First() throws Exception {
        DnsResolver r = resolver().build();
        int mark = dns.queries().size();
        assertThat(resolve(r, "sip:v4v6.test:5080"))
            .containsExactly(d(Transport.UDP, "192.0.2.10", 5080), d(Transport.UDP, "2001:db8::10", 5080));
        assertThat(resolve(r, "sips:v6.test:5091")).containsExactly(d(Transport.TLS, "2001:db8::11", 5091));
        assertThat(resolve(r, "sip:v4.test:5082;transport=tcp")).containsExactly(d(Transport.TCP, "192.0.2.11", 5082));
        // NAPTR/SRV of param.test would say otherwise: with a port, §4.2 skips them
        assertThat(resolve(r, "sip:param.test:5099")).containsExactly(d(Transport.UDP, "192.0.2.90", 5099));
        assertThat(dns.queriesSince(mark)).containsExactly("A v4v6.test", "AAAA v4v6.test", "A v6.test", "AAAA v6.test",
            "A v4.test", "AAAA v4.test", "A param.test", "AAAA param.test");
    }

    @Test
    void addressOrderIsConfigurable() throws Exception {
        assertThat(resolve(resolver().addressOrder(AddressOrder.IPV6_FIRST).build(), "sip:v4v6.test:5080"))
            .containsExactly(d(Transport.UDP, "2001:db8::10", 5080), d(Transport.UDP, "192.0.2.10", 5080));
        assertThat(resolve(resolver().addressOrder(AddressOrder.IPV4_ONLY).build(), "sip:v4v6.test:5080"))
            .containsExactly(d(Transport.UDP, "192.0.2.10", 5080));
    }

    @Test
    void srvPrioritiesAreTriedLowestFirst() throws Exception {
        assertThat(resolve(resolver().build(), "sip:prio.test;transport=tcp")).containsExactly(
            d(Transport.TCP, "192.0.2.31", 5301), d(Transport.TCP, "192.0.2.32", 5302), d(Transport.TCP, "192.0.2.33", 5303));
    }

    @Test
    void srvWeightsPickProportionallyWithinAPriority() throws Exception {
        DnsResolver r = resolver().random(new Random(7)).build();
        int heavyFirst = 0;
        int runs = 2000;
        for (int i = 0; i < runs; i++) {
            List<Destination> l = resolve(r, "sip:weighted.test"); // cached after the first run
            assertThat(l).hasSize(3).last().isEqualTo(d(Transport.UDP, "192.0.2.43", 5403));
            heavyFirst += l.getFirst().equals(d(Transport.UDP, "192.0.2.41", 5401)) ? 1 : 0;
        }
        // weights 90 and 10: P(heavy first) = 91/101 with RFC 2782's draw from [0, 100]
        assertThat(heavyFirst).isBetween((int) (runs * 0.86), (int) (runs * 0.94));
    }

    @Test
    void naptrThenSrvThenAddressesInOrderAndPreference() throws Exception {
        // order 5 SCTP is unsupported; order 10: SIPS+D2T (pref 50), SIP+D2T (60); order 20: SIP+D2U
        assertThat(resolve(resolver().build(), "sip:naptr.test")).containsExactly(
            d(Transport.TLS, "192.0.2.51", 5501), d(Transport.TCP, "192.0.2.52", 5502),
            d(Transport.UDP, "192.0.2.53", 5503), d(Transport.UDP, "2001:db8::53", 5503));
    }

    @Test
    void naptrFiltersToTheSupportedTransports() throws Exception {
        DnsResolver udpOnly = resolver().transports(EnumSet.of(Transport.UDP)).build();
        assertThat(resolve(udpOnly, "sip:naptr.test")).containsExactly(
            d(Transport.UDP, "192.0.2.53", 5503), d(Transport.UDP, "2001:db8::53", 5503));
        assertThat(resolve(resolver().build(), "sip:ws.test"))
            .containsExactly(d(Transport.WSS, "192.0.2.61", 8443), d(Transport.WS, "192.0.2.61", 8080));
        // no WebSocket: the NAPTR records are unusable, no SRV, so A with UDP at 5060 (§4.1)
        DnsResolver noWs = resolver().transports(EnumSet.of(Transport.UDP, Transport.TCP, Transport.TLS)).build();
        assertThat(resolve(noWs, "sip:ws.test")).containsExactly(d(Transport.UDP, "192.0.2.60", 5060));
    }

    @Test
    void sipsKeepsOnlySecureServices() throws Exception {
        assertThat(resolve(resolver().build(), "sips:naptr.test")).containsExactly(d(Transport.TLS, "192.0.2.51", 5501));
        assertThat(resolve(resolver().build(), "sips:ws.test")).containsExactly(d(Transport.WSS, "192.0.2.61", 8443));
        // only SIP+D2U: ignored for sips, no _sips._tcp SRV, so A with TLS at 5061
        assertThat(resolve(resolver().build(), "sips:plain.test")).containsExactly(d(Transport.TLS, "192.0.2.70", 5061));
        assertThat(resolve(resolver().build(), "sip:plain.test")).containsExactly(d(Transport.UDP, "192.0.2.70", 5700));
    }

    @Test
    void withoutNaptrSrvIsProbedForEachTransportSecureFirst() throws Exception {
        assertThat(resolve(resolver().build(), "sip:probe.test")).containsExactly(
            d(Transport.TLS, "192.0.2.80", 5811), d(Transport.TCP, "192.0.2.80", 5812), d(Transport.UDP, "192.0.2.80", 5813));
        assertThat(resolve(resolver().build(), "sips:probe.test")).containsExactly(d(Transport.TLS, "192.0.2.80", 5811));
        assertThat(resolve(resolver().transports(EnumSet.of(Transport.UDP)).build(), "sip:probe.test"))
            .containsExactly(d(Transport.UDP, "192.0.2.80", 5813));
    }

    @Test
    void transportParameterSelectsItsSrvAndSkipsNaptr() throws Exception {
        DnsResolver r = resolver().build();
        int mark = dns.queries().size();
        assertThat(resolve(r, "sip:param.test;transport=tcp")).containsExactly(d(Transport.TCP, "192.0.2.92", 5902));
        assertThat(resolve(r, "sip:param.test;transport=udp")).containsExactly(d(Transport.UDP, "192.0.2.91", 5901));
        assertThat(dns.queriesSince(mark)).doesNotContain("NAPTR param.test");
        // no _sips._tcp SRV: A/AAAA at the default TLS port
        assertThat(resolve(r, "sips:param.test;transport=tcp")).containsExactly(d(Transport.TLS, "192.0.2.90", 5061));
        // no SRV label for WebSocket (RFC 7118): straight to A/AAAA
        assertThat(resolve(r, "sip:param.test;transport=ws")).containsExactly(d(Transport.WS, "192.0.2.90", 5060));
    }

    @Test
    void withoutSrvFallsBackToAddressesAtTheDefaultPort() throws Exception {
        DnsResolver r = resolver().build();
        assertThat(resolve(r, "sip:v4v6.test"))
            .containsExactly(d(Transport.UDP, "192.0.2.10", 5060), d(Transport.UDP, "2001:db8::10", 5060));
        assertThat(resolve(r, "sips:v4.test")).containsExactly(d(Transport.TLS, "192.0.2.11", 5061));
        assertThat(resolve(r, "sip:v6.test;transport=tcp")).containsExactly(d(Transport.TCP, "2001:db8::11", 5060));
        assertThat(resolve(r, "sip:somewhere.invalid;maddr=v4.test")).containsExactly(d(Transport.UDP, "192.0.2.11", 5060));
        assertThat(resolve(resolver().transports(EnumSet.of(Transport.TCP, Transport.TLS)).build(), "sip:v4.test"))
            .containsExactly(d(Transport.TCP, "192.0.2.11", 5060));
    }

    @Test
    void srvTargetWithoutAddressFailsWithoutFallingBack() {
        SipResolutionException e = failure(resolver().build(), "sip:broken.test");
        assertThat(e.name()).isEqualTo("missing.broken.test");
        assertThat(e.reason()).isEqualTo(SipResolutionException.Reason.NXDOMAIN);
    }

    @Test
    void srvTargetDotMeansNoServiceAndNoFallback() {
        SipResolutionException e = failure(resolver().build(), "sip:none.test;transport=udp");
        assertThat(e).hasMessage("DNS SRV lookup of _sip._udp.none.test failed: FAILURE"
            + " (service decidedly not available: target \".\")");
    }
}
