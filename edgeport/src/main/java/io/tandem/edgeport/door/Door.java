package io.tandem.edgeport.door;

import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipMessage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EdgePort's door: its {@link SourceFilter}s and {@link InboundFilter}s, in their configured
 * order, and what they turned away; and its {@link OutboundFilter}s, which see what leaves.
 * Immutable list of filters; thread-safe counters.
 */
public final class Door {
    private static final Logger LOG = LoggerFactory.getLogger(Door.class);
    /** No filters: everything passes, at the cost of an empty loop. */
    public static final Door OPEN = new Door(List.of(), List.of());

    private final SourceFilter[] sources;
    private final InboundFilter[] filters;
    private final OutboundFilter[] outbound;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder filterErrors = new LongAdder();
    private final LongAdder outboundErrors = new LongAdder();

    public Door(List<? extends SourceFilter> sources, List<? extends InboundFilter> filters) {
        this(sources, filters, List.of());
    }

    public Door(List<? extends SourceFilter> sources, List<? extends InboundFilter> filters,
                List<? extends OutboundFilter> outbound) {
        this.sources = sources.toArray(new SourceFilter[0]);
        this.filters = filters.toArray(new InboundFilter[0]);
        this.outbound = outbound.toArray(new OutboundFilter[0]);
    }

    /** True when every source filter admits {@code remote}; a refusal is counted. */
    public boolean admits(InetSocketAddress remote, Transport transport) {
        for (SourceFilter f : sources) {
            boolean ok;
            try {
                ok = f.admits(remote, transport);
            } catch (RuntimeException e) {
                filterErrors.increment();
                LOG.debug("source filter {} failed on {}: {}", f, remote, e.toString());
                ok = true;
            }
            if (!ok) {
                refused.increment();
                return false;
            }
        }
        return true;
    }

    /**
     * The first verdict of the filters that is a Drop or a Reject (counted); else PASS, or the last
     * {@link Verdict.Replace} when a filter replaced the message (the next filters see the replacement).
     */
    public Verdict check(SipMessage message, Flow flow) {
        Verdict.Replace replaced = null;
        for (InboundFilter f : filters) {
            Verdict v;
            try {
                v = f.check(message, flow);
            } catch (RuntimeException e) {
                filterErrors.increment();
                LOG.debug("inbound filter {} failed on a message from {}: {}", f, flow.remote(), e.toString());
                continue;
            }
            if (v instanceof Verdict.Replace r) {
                replaced = r;
                message = r.message();
            } else if (v != Verdict.PASS && v != null) {
                if (v instanceof Verdict.Reject) {
                    rejected.increment();
                } else {
                    dropped.increment();
                }
                return v;
            }
        }
        return replaced != null ? replaced : Verdict.PASS;
    }

    /**
     * What the outbound filters make of {@code message} for {@code flow} (the message itself when
     * there is none); a filter that throws is counted and rethrown, so the send fails.
     */
    public SipMessage outbound(SipMessage message, Flow flow) {
        for (OutboundFilter f : outbound) {
            try {
                message = f.outbound(message, flow);
            } catch (RuntimeException e) {
                outboundErrors.increment();
                throw e;
            }
        }
        return message;
    }

    public boolean hasOutbound() {
        return outbound.length > 0;
    }

    public boolean isOpen() {
        return sources.length == 0 && filters.length == 0 && outbound.length == 0;
    }

    /** Messages dropped by a filter. */
    public long dropped() {
        return dropped.sum();
    }

    /** Requests answered by a filter's rejection. */
    public long rejected() {
        return rejected.sum();
    }

    /** Connections refused and datagrams dropped by a source filter. */
    public long refused() {
        return refused.sum();
    }

    /** Filters that threw (the message or source was let through). */
    public long filterErrors() {
        return filterErrors.sum();
    }

    /** Outbound filters that threw (the message was not sent). */
    public long outboundErrors() {
        return outboundErrors.sum();
    }
}
