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
 * order, and what they turned away. Immutable list of filters; thread-safe counters.
 */
public final class Door {
    private static final Logger LOG = LoggerFactory.getLogger(Door.class);
    /** No filters: everything passes, at the cost of an empty loop. */
    public static final Door OPEN = new Door(List.of(), List.of());

    private final SourceFilter[] sources;
    private final InboundFilter[] filters;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder filterErrors = new LongAdder();

    public Door(List<? extends SourceFilter> sources, List<? extends InboundFilter> filters) {
        this.sources = sources.toArray(new SourceFilter[0]);
        this.filters = filters.toArray(new InboundFilter[0]);
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

    /** The first verdict of the filters that is not PASS, or PASS; drops and rejections are counted. */
    public Verdict check(SipMessage message, Flow flow) {
        for (InboundFilter f : filters) {
            Verdict v;
            try {
                v = f.check(message, flow);
            } catch (RuntimeException e) {
                filterErrors.increment();
                LOG.debug("inbound filter {} failed on a message from {}: {}", f, flow.remote(), e.toString());
                continue;
            }
            if (v != Verdict.PASS && v != null) {
                if (v instanceof Verdict.Reject) {
                    rejected.increment();
                } else {
                    dropped.increment();
                }
                return v;
            }
        }
        return Verdict.PASS;
    }

    public boolean isOpen() {
        return sources.length == 0 && filters.length == 0;
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
}
