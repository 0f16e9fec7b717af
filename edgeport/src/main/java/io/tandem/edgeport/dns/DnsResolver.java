package io.tandem.edgeport.dns;

import io.tandem.processor.Transport;
import io.tandem.sip.uri.SipUri;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Address;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.lookup.LookupSession;

/**
 * RFC 3263 §4 client resolution on dnsjava: NAPTR, SRV, A/AAAA, asynchronously (never blocks the
 * caller) and with a TTL-bound cache. The returned stage completes on the configured executor,
 * or at once when everything was cached; it fails with {@link SipResolutionException}.
 */
public final class DnsResolver implements TargetResolver {
    private final DnsQueries dns;
    private final Set<Transport> transports;

    private DnsResolver(Builder b) {
        Resolver r;
        if (b.server != null) {
            r = new SimpleResolver(b.server);
        } else {
            r = new ExtendedResolver(); // the system's servers (resolv.conf)
        }
        r.setTimeout(b.timeout);
        LookupSession.LookupSessionBuilder lb = LookupSession.builder().resolver(r).cycleResults(false)
            .executor(b.executor);
        if (b.cacheSize > 0) {
            Cache cache = new Cache(DClass.IN);
            cache.setMaxEntries(b.cacheSize);
            lb.cache(cache);
        }
        this.dns = new DnsQueries(lb.build(), b.order, b.timeout, b.random);
        this.transports = Set.copyOf(b.transports);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<List<Destination>> resolve(SipUri uri) {
        CompletableFuture<List<Destination>> out = new CompletableFuture<>();
        try {
            lookup(uri).whenComplete((f, ex) -> {
                if (ex != null) {
                    out.completeExceptionally(ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex);
                } else if (f.isEmpty()) {
                    SipResolutionException p = f.problem();
                    out.completeExceptionally(p != null ? p : new SipResolutionException(
                        uri.host(), "A/AAAA", SipResolutionException.Reason.FAILURE, "no usable target", null));
                } else {
                    out.complete(f.items());
                }
            });
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
        }
        return out;
    }

    private CompletionStage<Found<Destination>> lookup(SipUri uri) {
        String target = NumericResolver.bareHost(uri.maddr() != null ? uri.maddr() : uri.host()); // §4
        InetAddress literal = literal(target);
        if (literal != null || uri.port() >= 0) {
            // §4.1: transport parameter, else UDP (sip) / TLS (sips); §4.2: no SRV when a port is given
            Transport t = NumericResolver.transportOf(uri);
            int port = NumericResolver.portOf(uri, t);
            return literal != null
                ? CompletableFuture.completedFuture(Found.of(List.of(new Destination(t, new InetSocketAddress(literal, port)))))
                : dns.addresses(name(target), port, t);
        }
        Name host = name(target);
        if (uri.transport() != null) {
            // §4.2: the URI fixes the transport; SRV for it (if defined), else A/AAAA at the default port
            Transport t = NumericResolver.transportOf(uri);
            Name srv = SipServices.srvName(host, t);
            CompletionStage<Found<Destination>> s =
                srv == null ? CompletableFuture.completedFuture(Found.none()) : dns.srv(srv, t);
            return orElse(s, () -> dns.addresses(host, t.defaultPort(), t));
        }
        boolean sips = uri.secure();
        // §4.1: NAPTR, else SRV for each supported transport, else A/AAAA with UDP (sip) / TLS (sips)
        CompletionStage<Found<Destination>> viaNaptr = dns.naptr(host).thenCompose(f -> {
            List<SipServices.Choice> choices = SipServices.fromNaptr(f.items(), sips, transports);
            if (choices.isEmpty()) {
                return CompletableFuture.completedFuture(f.<Destination>errorsOnly());
            }
            return DnsQueries.all(choices, c -> dns.srv(c.srvName(), c.transport()));
        });
        CompletionStage<Found<Destination>> viaSrv = orElse(viaNaptr,
            () -> DnsQueries.all(SipServices.srvProbes(host, sips, transports), c -> dns.srv(c.srvName(), c.transport())));
        // UDP for sip (§4.1), unless only stream transports are enabled: then TCP (RFC 3261 §18.1.1)
        Transport fallback = sips ? Transport.TLS
            : transports.contains(Transport.UDP) || !transports.contains(Transport.TCP) ? Transport.UDP : Transport.TCP;
        return orElse(viaSrv, () -> dns.addresses(host, fallback.defaultPort(), fallback));
    }

    /** The next step of §4.1/§4.2, taken only when this one found nothing and did not fail. */
    private static CompletionStage<Found<Destination>> orElse(CompletionStage<Found<Destination>> first,
                                                             Supplier<CompletionStage<Found<Destination>>> next) {
        return first.thenCompose(f -> f.goOn() ? next.get() : CompletableFuture.completedFuture(f));
    }

    /** An IPv4 or IPv6 literal parsed without any lookup, or null for a name. */
    static InetAddress literal(String host) {
        byte[] b = Address.toByteArray(host, Address.IPv4);
        if (b == null) {
            b = Address.toByteArray(host, Address.IPv6);
        }
        try {
            return b == null ? null : InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4 or 16 bytes
        }
    }

    private static Name name(String host) {
        try {
            return Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            throw new SipResolutionException(host, "A", SipResolutionException.Reason.FAILURE, "not a DNS name", e);
        }
    }

    /** Settings; every one has a default. */
    public static final class Builder {
        private InetSocketAddress server;
        private Duration timeout = Duration.ofSeconds(3);
        private int cacheSize = 10_000;
        private AddressOrder order = AddressOrder.IPV4_FIRST;
        private Set<Transport> transports = EnumSet.allOf(Transport.class);
        private Executor executor = ForkJoinPool.commonPool();
        private Supplier<RandomGenerator> random = ThreadLocalRandom::current;

        private Builder() {
        }

        /** The DNS server to ask (default: the system's, from resolv.conf). */
        public Builder server(InetSocketAddress server) {
            this.server = Objects.requireNonNull(server);
            return this;
        }

        /** How long to wait for an answer to one query (default 3 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Maximum cached RRsets (default 10 000); 0 disables the cache. Entries live for their TTL. */
        public Builder cacheSize(int cacheSize) {
            this.cacheSize = cacheSize;
            return this;
        }

        /** A and AAAA: which to ask and which to try first (default IPv4 first). */
        public Builder addressOrder(AddressOrder order) {
            this.order = Objects.requireNonNull(order);
            return this;
        }

        /** Transports that NAPTR/SRV discovery may choose (default all); a URI parameter is obeyed anyway. */
        public Builder transports(Set<Transport> transports) {
            this.transports = EnumSet.copyOf(transports);
            return this;
        }

        /** Where dnsjava completes the stages (default the common pool); must not block. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        /** Randomness for SRV weights (default ThreadLocalRandom); a shared one must be thread-safe. */
        public Builder random(RandomGenerator random) {
            Objects.requireNonNull(random);
            this.random = () -> random;
            return this;
        }

        public DnsResolver build() {
            return new DnsResolver(this);
        }
    }
}
