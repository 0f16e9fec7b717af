package io.tandem.edgeport.dns;

import static io.tandem.edgeport.dns.DnsResolverTest.d;
import static io.tandem.edgeport.dns.DnsResolverTest.failure;
import static io.tandem.edgeport.dns.DnsResolverTest.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Transport;
import io.tandem.sip.uri.SipUri;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Numeric targets, caching, NXDOMAIN and timeouts, against dnsmasq and a server that never answers. */
class DnsResolverCacheTest {
    private static Dnsmasq dns;
    private static DatagramSocket silent; // swallows queries: a DNS server that never answers

    @BeforeAll
    static void start() throws Exception {
        dns = Dnsmasq.start("/dns/records.conf");
        silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
        if (silent != null) {
            silent.close();
        }
    }

    private static DnsResolver.Builder resolver() {
        return DnsResolver.builder().server(dns.address()).timeout(Duration.ofSeconds(2));
    }

    private static DnsResolver silentResolver() {
        return DnsResolver.builder().server((InetSocketAddress) silent.getLocalSocketAddress())
            .timeout(Duration.ofMillis(300)).build();
    }

    @Test
    void numericHostsNeedNoLookup() throws Exception {
        DnsResolver r = silentResolver(); // any query would time out
        assertThat(resolve(r, "sip:192.0.2.1")).containsExactly(d(Transport.UDP, "192.0.2.1", 5060));
        assertThat(resolve(r, "sip:192.0.2.1:5070;transport=tcp")).containsExactly(d(Transport.TCP, "192.0.2.1", 5070));
        assertThat(resolve(r, "sips:[2001:db8::1]")).containsExactly(d(Transport.TLS, "2001:db8::1", 5061));
        assertThat(resolve(r, "sip:[2001:db8::1]:5071;transport=ws")).containsExactly(d(Transport.WS, "2001:db8::1", 5071));
        assertThat(resolve(r, "sip:host.invalid;maddr=192.0.2.9")).containsExactly(d(Transport.UDP, "192.0.2.9", 5060));
    }

    @Test
    void nxdomainNamesTheNameAndType() {
        DnsResolver r = resolver().build();
        int mark = dns.queries().size();
        SipResolutionException e = failure(r, "sip:nx.test");
        assertThat(e.reason()).isEqualTo(SipResolutionException.Reason.NXDOMAIN);
        assertThat(e.name()).isEqualTo("nx.test");
        assertThat(e.recordType()).isEqualTo("A");
        assertThat(e).hasMessage("DNS A lookup of nx.test failed: NXDOMAIN (no such domain)");
        // §4.1 followed to the end: NAPTR, the three SRV names, then A and AAAA, which the NXDOMAIN
        // of the NAPTR query answers from the cache (RFC 2308 §5: it holds for every type)
        assertThat(dns.queriesSince(mark)).containsExactlyInAnyOrder("NAPTR nx.test", "SRV _sips._tcp.nx.test",
            "SRV _sip._tcp.nx.test", "SRV _sip._udp.nx.test");
        assertThat(failure(resolver().build(), "sip:nx.test:5060"))
            .hasMessage("DNS A lookup of nx.test failed: NXDOMAIN (no such domain)");
    }

    @Test
    void nodataForTheOnlyAddressFamilyAsked() {
        SipResolutionException e = failure(resolver().addressOrder(AddressOrder.IPV6_ONLY).build(), "sip:v4.test:5060");
        assertThat(e.reason()).isEqualTo(SipResolutionException.Reason.NODATA);
        assertThat(e).hasMessage("DNS AAAA lookup of v4.test failed: NODATA (no AAAA records)");
    }

    @Test
    void secondResolveIsServedFromTheCache() throws Exception {
        DnsResolver r = resolver().build();
        int mark = dns.queries().size();
        List<Destination> first = resolve(r, "sip:naptr.test");
        assertThat(dns.queriesSince(mark)).contains("NAPTR naptr.test", "SRV _sips._tcp.naptr.test",
            "A tls.naptr.test", "AAAA tls.naptr.test");
        failure(r, "sip:nx.test");
        mark = dns.queries().size();
        // everything cached, NODATA and NXDOMAIN too (the SOA gives their TTL): completes at once
        assertThat(r.resolve(SipUri.parse("sip:naptr.test")).toCompletableFuture()).isCompletedWithValue(first);
        assertThat(r.resolve(SipUri.parse("sip:nx.test")).toCompletableFuture()).isCompletedExceptionally();
        // a marker query, answered in order by the single-threaded dnsmasq: nothing logged before it
        resolve(r, "sip:v4v6.test:5060");
        assertThat(dns.queriesSince(mark)).containsExactly("A v4v6.test", "AAAA v4v6.test");
        // another resolver has its own cache
        assertThat(resolve(resolver().build(), "sip:naptr.test")).isEqualTo(first);
        assertThat(dns.queriesSince(mark)).contains("NAPTR naptr.test");
    }

    @Test
    void cachedRecordsExpireWithTheirTtl() throws Exception {
        try (Dnsmasq shortTtl = Dnsmasq.start("/dns/short-ttl.conf")) {
            DnsResolver r = DnsResolver.builder().server(shortTtl.address()).addressOrder(AddressOrder.IPV4_ONLY).build();
            assertThat(resolve(r, "sip:short.test:5060")).containsExactly(d(Transport.UDP, "192.0.2.12", 5060));
            assertThat(resolve(r, "sip:short.test:5060")).containsExactly(d(Transport.UDP, "192.0.2.12", 5060));
            assertThat(shortTtl.queries()).containsExactly("A short.test");
            Thread.sleep(3_500); // TTL 2 s
            resolve(r, "sip:short.test:5060");
            assertThat(shortTtl.queries()).containsExactly("A short.test", "A short.test");
        }
    }

    @Test
    void noCacheWhenDisabled() throws Exception {
        DnsResolver r = resolver().cacheSize(0).addressOrder(AddressOrder.IPV4_ONLY).build();
        int mark = dns.queries().size();
        resolve(r, "sip:v4.test:5060");
        resolve(r, "sip:v4.test:5060");
        assertThat(dns.queriesSince(mark)).containsExactly("A v4.test", "A v4.test");
    }

    @Test
    void timeoutFailsTheStageWithoutBlockingTheCaller() {
        DnsResolver r = silentResolver();
        long t0 = System.nanoTime();
        CompletableFuture<List<Destination>> f = r.resolve(SipUri.parse("sip:silent.test")).toCompletableFuture();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
        assertThat(f).isNotDone();
        SipResolutionException e = failure(r, "sip:silent.test");
        assertThat(e.reason()).isEqualTo(SipResolutionException.Reason.TIMEOUT);
        assertThat(e).hasMessage("DNS NAPTR lookup of silent.test failed: TIMEOUT (no answer within 300 ms)");
        SipResolutionException a = failure(r, "sip:silent.test:5060");
        assertThat(a).hasMessageStartingWith("DNS A lookup of silent.test failed: TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
    }
}
