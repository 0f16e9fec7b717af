package io.tandem.security;

import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.SourceFilter;
import io.tandem.edgeport.door.Verdict;
import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The ban list: banned sources get nothing. As a {@link SourceFilter} it refuses stream connections
 * at accept and drops datagrams before they are parsed; as an {@link InboundFilter} it drops what
 * still arrives on a connection accepted before the ban. Single addresses are a hash lookup,
 * networks (CIDRs, rare: configured or set by hand) a short scan; expired bans are forgotten on
 * lookup and by {@link #sweep}. Thread-safe; lookups are lock-free and allocate nothing.
 */
public final class BanList implements SourceFilter, InboundFilter {
    /** Who else must know of a ban (the Redis sharing); told only of the bans made here. */
    public interface Observer {
        void banned(Ban ban);

        void unbanned(Network network);
    }

    static final Verdict BANNED = new Verdict.Drop("banned");

    private final LongSupplier clock;
    private final Map<InetAddress, Ban> hosts = new ConcurrentHashMap<>();
    private volatile Ban[] networks = new Ban[0];
    private volatile Observer observer;
    /** Told of every new ban in force, made here or applied from elsewhere: ends the source's open connections. */
    private volatile java.util.function.ToIntFunction<Network> enforcer = n -> 0;
    private final LongAdder closed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Map<String, LongAdder> bansByRule = new ConcurrentHashMap<>();

    /** @param clock epoch milliseconds */
    public BanList(LongSupplier clock) {
        this.clock = clock;
    }

    public void observe(Observer o) {
        observer = o;
    }

    /**
     * What closes the open connections of a newly banned network (the EdgePort's, once started);
     * returns how many it closed. A ban refuses new connections at accept; this ends the ones
     * accepted before it, which would otherwise stay open, their messages dropped.
     */
    public void enforceWith(java.util.function.ToIntFunction<Network> closeConnections) {
        enforcer = closeConnections;
    }

    @Override
    public boolean admits(InetSocketAddress remote, Transport transport) {
        if (isBanned(remote.getAddress())) {
            refused.increment();
            return false;
        }
        return true;
    }

    @Override
    public Verdict check(SipMessage message, Flow flow) {
        // a datagram was checked as a source already; a connection only at its accept
        if (flow.transport() != Transport.UDP && isBanned(flow.remote().getAddress())) {
            refused.increment();
            return BANNED;
        }
        return Verdict.PASS;
    }

    public boolean isBanned(InetAddress ip) {
        if (ip == null) {
            return false;
        }
        long now = clock.getAsLong();
        Ban b = hosts.get(ip);
        if (b != null) {
            if (b.activeAt(now)) {
                return true;
            }
            hosts.remove(ip, b);
        }
        Ban[] nets = networks;
        for (Ban n : nets) {
            if (n.activeAt(now) && n.network().contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Bans {@code network} for {@code durationMillis} ({@link Ban#PERMANENT} for ever) unless it
     * is banned already; tells the observer. Returns the ban in force.
     */
    public Ban ban(Network network, String rule, String reason, long durationMillis) {
        long now = clock.getAsLong();
        long until = durationMillis == Ban.PERMANENT ? Ban.PERMANENT : now + durationMillis;
        Ban fresh = new Ban(network, rule, reason, now, until);
        Ban inForce = put(fresh, now);
        Observer o = observer;
        if (inForce == fresh && o != null) {
            o.banned(fresh);
        }
        return inForce;
    }

    /** A ban made elsewhere (another EdgePort): applied, not told to the observer. */
    public void apply(Ban ban) {
        put(ban, clock.getAsLong());
    }

    /** The ban in force for the network after this one: {@code ban} unless an active one was there. */
    private Ban put(Ban ban, long now) {
        if (!ban.activeAt(now)) {
            return ban;
        }
        Ban inForce;
        if (ban.network().isHost()) {
            inForce = hosts.compute(ban.network().address(), (ip, old) -> old != null && old.activeAt(now) ? old : ban);
        } else {
            inForce = putNetwork(ban, now);
        }
        if (inForce == ban) {
            bansByRule.computeIfAbsent(ban.rule(), r -> new LongAdder()).increment();
            closed.add(enforcer.applyAsInt(ban.network()));
        }
        return inForce;
    }

    private synchronized Ban putNetwork(Ban ban, long now) {
        List<Ban> list = new ArrayList<>();
        for (Ban b : networks) {
            if (b.network().equals(ban.network()) && b.activeAt(now)) {
                return b;
            }
            if (b.activeAt(now)) {
                list.add(b);
            }
        }
        list.add(ban);
        networks = list.toArray(new Ban[0]);
        return ban;
    }

    /** Lifts the ban of exactly this network (not of the addresses in it); tells the observer. */
    public boolean unban(Network network) {
        boolean lifted = lift(network);
        Observer o = observer;
        if (o != null) {
            o.unbanned(network); // told even when not banned here: another EdgePort may hold it
        }
        return lifted;
    }

    /** An unban made elsewhere: applied, not told to the observer. */
    public boolean lift(Network network) {
        if (network.isHost()) {
            return hosts.remove(network.address()) != null;
        }
        synchronized (this) {
            List<Ban> list = new ArrayList<>(List.of(networks));
            boolean removed = list.removeIf(b -> b.network().equals(network));
            networks = list.toArray(new Ban[0]);
            return removed;
        }
    }

    /** The bans in force, networks first, then by address. */
    public List<Ban> list() {
        long now = clock.getAsLong();
        List<Ban> out = new ArrayList<>();
        for (Ban b : networks) {
            if (b.activeAt(now)) {
                out.add(b);
            }
        }
        for (Ban b : hosts.values()) {
            if (b.activeAt(now)) {
                out.add(b);
            }
        }
        out.sort(Comparator.comparing((Ban b) -> b.network().isHost()).thenComparing(b -> b.network().toString()));
        return out;
    }

    /** Forgets expired bans (run every few seconds). */
    public void sweep() {
        long now = clock.getAsLong();
        hosts.values().removeIf(b -> !b.activeAt(now));
        synchronized (this) {
            Ban[] nets = networks;
            List<Ban> keep = new ArrayList<>(nets.length);
            for (Ban b : nets) {
                if (b.activeAt(now)) {
                    keep.add(b);
                }
            }
            if (keep.size() != nets.length) {
                networks = keep.toArray(new Ban[0]);
            }
        }
    }

    /** Bans in force now. */
    public long active() {
        return list().size();
    }

    /** Bans made here or applied from elsewhere with {@code rule}, since start. */
    public long bansTotal(String rule) {
        LongAdder a = bansByRule.get(rule);
        return a == null ? 0 : a.sum();
    }

    /** Open connections closed because their source was banned after they were accepted. */
    public long closedConnections() {
        return closed.sum();
    }

    /** Datagrams, connections and messages refused because their source is banned. */
    public long refused() {
        return refused.sum();
    }
}
