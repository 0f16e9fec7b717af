package io.tandem.edgeport.dns;

import io.tandem.processor.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * The DNS steps of RFC 3263 on a dnsjava {@link LookupSession} (asynchronous, cached). Every stage
 * completes normally with a {@link Found}; errors are carried inside it.
 */
final class DnsQueries {
    private final LookupSession session;
    private final AddressOrder order;
    private final Duration timeout;
    private final Supplier<RandomGenerator> random;

    DnsQueries(LookupSession session, AddressOrder order, Duration timeout, Supplier<RandomGenerator> random) {
        this.session = session;
        this.order = order;
        this.timeout = timeout;
        this.random = random;
    }

    /** NAPTR records of a name (RFC 3263 §4.1). */
    CompletionStage<Found<NAPTRRecord>> naptr(Name name) {
        return query(name, Type.NAPTR).thenApply(f -> cast(f, NAPTRRecord.class));
    }

    /** SRV of {@code srvName}, ordered per RFC 2782, each target's addresses (RFC 3263 §4.2). */
    CompletionStage<Found<Destination>> srv(Name srvName, Transport t) {
        return query(srvName, Type.SRV).thenCompose(f -> {
            if (f.isEmpty()) {
                return CompletableFuture.completedFuture(f.<Destination>errorsOnly());
            }
            List<SRVRecord> sorted = SrvOrder.order(cast(f, SRVRecord.class).items(), random.get());
            if (sorted.isEmpty()) { // only "." targets: "decidedly not available" (RFC 2782), no fallback
                return CompletableFuture.completedFuture(new Found<Destination>(List.of(), null, new SipResolutionException(
                    srvName.toString(true), "SRV", SipResolutionException.Reason.FAILURE,
                    "service decidedly not available: target \".\"", null)));
            }
            return all(sorted, s -> addresses(s.getTarget(), s.getPort(), t)).thenApply(Found::hardened);
        });
    }

    /** A and/or AAAA of a name, in the configured order, as destinations (RFC 3263 §4.2). */
    CompletionStage<Found<Destination>> addresses(Name host, int port, Transport t) {
        return all(order.types(), type -> query(host, type).thenApply(f -> {
            List<Destination> out = new ArrayList<>(f.items().size());
            for (Record r : f.items()) {
                InetAddress a = r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress();
                out.add(new Destination(t, new InetSocketAddress(a, port)));
            }
            return new Found<>(List.copyOf(out), f.absent(), f.failed());
        }));
    }

    /** Runs one stage per input at once and joins their results in input order. */
    static <I, T> CompletionStage<Found<T>> all(List<I> inputs, Function<I, CompletionStage<Found<T>>> step) {
        CompletableFuture<Found<T>> acc = CompletableFuture.completedFuture(Found.none());
        for (I in : inputs) {
            acc = acc.thenCombine(step.apply(in), Found::plus);
        }
        return acc;
    }

    /** One query; records of the asked type only (CNAMEs are followed by the session). */
    private CompletionStage<Found<Record>> query(Name name, int type) {
        CompletionStage<Found<Record>> s;
        try {
            s = session.lookupAsync(name, type).thenApply(res -> {
                List<Record> l = res.getRecords().stream().filter(r -> r.getType() == type).toList();
                return l.isEmpty() ? Found.error(error(name, type, null)) : Found.of(l);
            });
        } catch (RuntimeException e) {
            s = CompletableFuture.failedFuture(e);
        }
        return s.exceptionally(ex -> Found.error(error(name, type, ex)));
    }

    /** Maps a dnsjava failure (or null: an empty answer) to a named, typed exception. */
    private SipResolutionException error(Name name, int type, Throwable ex) {
        while ((ex instanceof CompletionException || ex instanceof ExecutionException) && ex.getCause() != null) {
            ex = ex.getCause();
        }
        String n = name.toString(true);
        String t = Type.string(type);
        if (ex == null || ex instanceof NoSuchRRSetException) {
            return new SipResolutionException(n, t, SipResolutionException.Reason.NODATA, "no " + t + " records", ex);
        }
        if (ex instanceof NoSuchDomainException) {
            return new SipResolutionException(n, t, SipResolutionException.Reason.NXDOMAIN, "no such domain", ex);
        }
        if (ex instanceof SocketTimeoutException || ex instanceof TimeoutException) {
            return new SipResolutionException(n, t, SipResolutionException.Reason.TIMEOUT,
                "no answer within " + timeout.toMillis() + " ms", ex);
        }
        return new SipResolutionException(n, t, SipResolutionException.Reason.FAILURE, ex.toString(), ex);
    }

    private static <R extends Record> Found<R> cast(Found<Record> f, Class<R> type) {
        return new Found<>(f.items().stream().map(type::cast).toList(), f.absent(), f.failed());
    }
}
