package io.tandem.provisioning;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An immutable, validated set of resources with its look-up indexes, built once by {@link ResourceLoader}. */
public final class ProvisioningSnapshot implements Provisioning {
    /** A Trunk with an inbound ACL, for {@link #findTrunkBySourceAddress}. */
    private record TrunkAcl(Trunk trunk, AccessControlList acl) {
    }

    private PersistentMap<String, Resource> byRef = PersistentMap.empty();
    /** Domain ref, then username: the Agents of each Domain. */
    private PersistentMap<String, PersistentMap<String, Agent>> agentsByDomainRef = PersistentMap.empty();
    private PersistentMap<String, Peer> peersByUsername = PersistentMap.empty();
    private PersistentMap<String, Peer> peersByAor = PersistentMap.empty();
    private PersistentMap<String, PhoneNumber> numbersByTel = PersistentMap.empty();
    private PersistentMap<String, Domain> domainsByUri = PersistentMap.empty();
    private PersistentMap<String, Trunk> trunksByInboundUri = PersistentMap.empty();
    // the lists are never changed once this snapshot is made: a change makes new ones for the kinds it touches
    private List<TrunkAcl> trunkAcls = List.of();
    private List<Domain> domains = List.of();
    private List<Agent> agents = List.of();
    private List<Peer> peers = List.of();
    private List<Trunk> trunks = List.of();
    private List<PhoneNumber> numbers = List.of();
    private List<Credentials> credentials = List.of();
    private List<AccessControlList> acls = List.of();
    private List<ProvisioningError> warnings;

    /**
     * Indexes {@code resources}, which {@link ResourceLoader} has checked (unique refs and keys, valid references);
     * {@code warnings} are what the checks noted without refusing the set.
     */
    ProvisioningSnapshot(List<Resource> resources, List<ProvisioningError> warnings) {
        this.warnings = List.copyOf(warnings);
        List<Domain> ds = new ArrayList<>();
        List<Agent> as = new ArrayList<>();
        List<Peer> ps = new ArrayList<>();
        List<Trunk> ts = new ArrayList<>();
        List<PhoneNumber> ns = new ArrayList<>();
        List<Credentials> cs = new ArrayList<>();
        List<AccessControlList> ls = new ArrayList<>();
        for (Resource r : resources) {
            if (byRef.containsKey(r.ref())) {
                continue;
            }
            switch (r) {
                case Domain d -> ds.add(d);
                case Agent a -> as.add(a);
                case Peer p -> ps.add(p);
                case Trunk t -> ts.add(t);
                case PhoneNumber n -> ns.add(n);
                case Credentials c -> cs.add(c);
                case AccessControlList a -> ls.add(a);
            }
            byRef = byRef.with(r.ref(), r);
            index(r);
        }
        domains = List.copyOf(ds);
        agents = List.copyOf(as);
        peers = List.copyOf(ps);
        trunks = List.copyOf(ts);
        numbers = List.copyOf(ns);
        credentials = List.copyOf(cs);
        acls = List.copyOf(ls);
        trunkAcls = trunkAcls();
    }

    /** A copy of {@code base}, to be changed by {@link #changed} before anyone sees it. */
    private ProvisioningSnapshot(ProvisioningSnapshot base) {
        byRef = base.byRef;
        agentsByDomainRef = base.agentsByDomainRef;
        peersByUsername = base.peersByUsername;
        peersByAor = base.peersByAor;
        numbersByTel = base.numbersByTel;
        domainsByUri = base.domainsByUri;
        trunksByInboundUri = base.trunksByInboundUri;
        trunkAcls = base.trunkAcls;
        domains = base.domains;
        agents = base.agents;
        peers = base.peers;
        trunks = base.trunks;
        numbers = base.numbers;
        credentials = base.credentials;
        acls = base.acls;
        warnings = base.warnings;
    }

    /**
     * This snapshot with {@code changes} applied (a ref to its new resource, or to null when removed), which
     * {@link ResourceSet} has checked: only the indexes of the changed resources are touched, and only the lists of
     * their kinds copied. A new resource goes last in its kind's list, a replaced one keeps its place.
     */
    ProvisioningSnapshot changed(Map<String, Resource> changes) {
        ProvisioningSnapshot s = new ProvisioningSnapshot(this);
        EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (Map.Entry<String, Resource> e : changes.entrySet()) {
            Resource old = byRef.get(e.getKey());
            if (old != null) {
                s.unindex(old);
                kinds.add(old.kind());
            }
            s.byRef = e.getValue() == null ? s.byRef.without(e.getKey()) : s.byRef.with(e.getKey(), e.getValue());
            if (e.getValue() != null) {
                kinds.add(e.getValue().kind());
            }
        }
        for (Kind k : kinds) {
            switch (k) {
                case DOMAIN -> s.domains = changedList(domains, Domain.class, changes);
                case AGENT -> s.agents = changedList(agents, Agent.class, changes);
                case PEER -> s.peers = changedList(peers, Peer.class, changes);
                case TRUNK -> s.trunks = changedList(trunks, Trunk.class, changes);
                case NUMBER -> s.numbers = changedList(numbers, PhoneNumber.class, changes);
                case CREDENTIALS -> s.credentials = changedList(credentials, Credentials.class, changes);
                case ACCESS_CONTROL_LIST -> s.acls = changedList(acls, AccessControlList.class, changes);
            }
        }
        s.reclaim(changes, kinds);
        if (kinds.contains(Kind.TRUNK) || kinds.contains(Kind.ACCESS_CONTROL_LIST)) {
            s.trunkAcls = s.trunkAcls();
        }
        if (kinds.contains(Kind.TRUNK)) {
            List<ProvisioningError> ws = new ArrayList<>();
            for (int i = 0; i < s.trunks.size(); i++) {
                String w = CrossChecks.warning(s.trunks.get(i));
                if (w != null) {
                    Trunk t = s.trunks.get(i);
                    ws.add(new ProvisioningError("(change)", i, t.ref(), t.kind(), "spec.inbound", w));
                }
            }
            s.warnings = List.copyOf(ws);
        }
        return s;
    }

    /**
     * {@code list} with the entries of {@code changes} of its kind replaced, removed or added at the end: one copy of
     * the array, a scan by identity for each replaced or removed entry, none for an added one.
     */
    private <T extends Resource> List<T> changedList(List<T> list, Class<T> type, Map<String, Resource> changes) {
        Object[] a = list.toArray(new Object[list.size() + changes.size()]);
        int n = list.size();
        boolean holes = false;
        for (Map.Entry<String, Resource> e : changes.entrySet()) {
            Resource old = byRef.get(e.getKey());
            Resource r = e.getValue();
            if (type.isInstance(old)) {
                int at = 0;
                while (a[at] != old) {
                    at++;
                }
                a[at] = type.isInstance(r) ? r : null;
                holes |= a[at] == null;
            } else if (type.isInstance(r)) {
                a[n++] = r;
            }
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!holes || a[i] != null) {
                a[kept++] = a[i];
            }
        }
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) (List<?>) List.of(Arrays.copyOf(a, kept));
        return out;
    }

    /** Every resource, kind by kind, each kind in its list's order. */
    void forEachResource(java.util.function.Consumer<Resource> action) {
        for (List<? extends Resource> l : List.of(domains, agents, peers, trunks, numbers, credentials, acls)) {
            l.forEach(action);
        }
    }

    /** Adds {@code r}'s look-up keys (the first resource with a key keeps it, as a whole load does). */
    private void index(Resource r) {
        switch (r) {
            case Domain d -> domainsByUri = claim(domainsByUri, lower(d.domainUri()), d);
            case Agent a -> {
                if (a.domainRef() != null) {
                    PersistentMap<String, Agent> in = agentsByDomainRef.get(a.domainRef());
                    in = in == null ? PersistentMap.empty() : in;
                    agentsByDomainRef = agentsByDomainRef.with(a.domainRef(), claim(in, a.username(), a));
                }
            }
            case Peer p -> {
                peersByUsername = claim(peersByUsername, p.username(), p);
                peersByAor = claim(peersByAor, p.aor(), p);
            }
            case Trunk t -> {
                if (t.inboundUri() != null) {
                    trunksByInboundUri = claim(trunksByInboundUri, lower(t.inboundUri()), t);
                }
            }
            case PhoneNumber n -> {
                numbersByTel = claim(numbersByTel, n.telUrl(), n);
                numbersByTel = claim(numbersByTel, n.number(), n);
            }
            case Credentials c -> {
            }
            case AccessControlList a -> {
            }
        }
    }

    /** Removes {@code r}'s look-up keys where it holds them. */
    private void unindex(Resource r) {
        switch (r) {
            case Domain d -> domainsByUri = release(domainsByUri, lower(d.domainUri()), d);
            case Agent a -> {
                PersistentMap<String, Agent> in = a.domainRef() == null ? null : agentsByDomainRef.get(a.domainRef());
                if (in != null) {
                    in = release(in, a.username(), a);
                    agentsByDomainRef = in.isEmpty() ? agentsByDomainRef.without(a.domainRef()) : agentsByDomainRef.with(a.domainRef(), in);
                }
            }
            case Peer p -> {
                peersByUsername = release(peersByUsername, p.username(), p);
                peersByAor = release(peersByAor, p.aor(), p);
            }
            case Trunk t -> {
                if (t.inboundUri() != null) {
                    trunksByInboundUri = release(trunksByInboundUri, lower(t.inboundUri()), t);
                }
            }
            case PhoneNumber n -> {
                numbersByTel = release(numbersByTel, n.telUrl(), n);
                numbersByTel = release(numbersByTel, n.number(), n);
            }
            case Credentials c -> {
            }
            case AccessControlList a -> {
            }
        }
    }

    /**
     * After a change: keys that a removed or replaced Peer or Number held and that another one also has (the
     * checks let two Peers share an AOR, a Number's digits equal another's telUrl) go to the first of those.
     */
    private void reclaim(Map<String, Resource> changes, EnumSet<Kind> kinds) {
        for (Resource r : changes.values()) {
            if (r != null) {
                index(r);
            }
        }
        if (kinds.contains(Kind.PEER)) {
            for (Peer p : peers) {
                peersByAor = claim(peersByAor, p.aor(), p);
            }
        }
        if (kinds.contains(Kind.NUMBER) && changes.values().stream().anyMatch(r -> r == null || !(r instanceof PhoneNumber))) {
            for (PhoneNumber n : numbers) { // only after a removal: a Number's keys moving to another is that rare
                numbersByTel = claim(claim(numbersByTel, n.telUrl(), n), n.number(), n);
            }
        }
    }

    private static <V> PersistentMap<String, V> claim(PersistentMap<String, V> map, String key, V value) {
        return key == null || map.containsKey(key) ? map : map.with(key, value);
    }

    private static <V> PersistentMap<String, V> release(PersistentMap<String, V> map, String key, V value) {
        return key != null && map.get(key) == value ? map.without(key) : map;
    }

    private List<TrunkAcl> trunkAcls() {
        List<TrunkAcl> out = new ArrayList<>();
        for (Trunk t : trunks) {
            AccessControlList acl = t.accessControlListRef() == null ? null : acl(t.accessControlListRef());
            if (acl != null) {
                out.add(new TrunkAcl(t, acl));
            }
        }
        return List.copyOf(out);
    }

    /**
     * A snapshot of resources built in code (tests, other sources), in the given order. References and unique
     * keys are checked as for files; field formats (JSON Schema, tel URLs...) are not.
     *
     * @throws ProvisioningException naming each problem, the file being "(code)" and the index the list position
     */
    public static ProvisioningSnapshot of(List<? extends Resource> resources) {
        return ResourceLoader.fromResources(resources);
    }

    /** An empty snapshot. */
    public static ProvisioningSnapshot empty() {
        return new ProvisioningSnapshot(List.of(), List.of());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code map.get(key)}, retried lower-cased (allocating) only when {@code key} has upper-case letters. */
    private static <V> V getIgnoreCase(PersistentMap<String, V> map, String key) {
        V v = map.get(key);
        if (v != null || key == null) {
            return v;
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isUpperCase(key.charAt(i))) {
                return map.get(lower(key));
            }
        }
        return null;
    }

    private <T extends Resource> T typed(String ref, Class<T> type) {
        Resource r = byRef.get(ref);
        return type.isInstance(r) ? type.cast(r) : null;
    }

    /**
     * What loaded but probably does not do what was meant, one entry per finding, in file and document order
     * (for now: a Trunk with neither inbound ACL nor inbound credentials). Never a reason to refuse the set.
     */
    public List<ProvisioningError> warnings() {
        return warnings;
    }

    @Override
    public Resource resource(String ref) {
        return byRef.get(ref);
    }

    @Override
    public Domain domain(String ref) {
        return typed(ref, Domain.class);
    }

    @Override
    public Agent agent(String ref) {
        return typed(ref, Agent.class);
    }

    @Override
    public Peer peer(String ref) {
        return typed(ref, Peer.class);
    }

    @Override
    public Trunk trunk(String ref) {
        return typed(ref, Trunk.class);
    }

    @Override
    public PhoneNumber number(String ref) {
        return typed(ref, PhoneNumber.class);
    }

    @Override
    public Credentials credentials(String ref) {
        return typed(ref, Credentials.class);
    }

    @Override
    public AccessControlList acl(String ref) {
        return typed(ref, AccessControlList.class);
    }

    @Override
    public Agent findAgent(String username, String domainUri) {
        Domain d = findDomainByUri(domainUri);
        PersistentMap<String, Agent> inDomain = d == null ? null : agentsByDomainRef.get(d.ref());
        return inDomain == null ? null : inDomain.get(username);
    }

    @Override
    public Peer findPeerByUsername(String username) {
        return peersByUsername.get(username);
    }

    @Override
    public Peer findPeerByAor(String aor) {
        return peersByAor.get(aor);
    }

    @Override
    public PhoneNumber findNumberByTelUrl(String number) {
        return numbersByTel.get(number);
    }

    @Override
    public Domain findDomainByUri(String domainUri) {
        return getIgnoreCase(domainsByUri, domainUri);
    }

    @Override
    public Trunk findTrunkByInboundUri(String host) {
        return getIgnoreCase(trunksByInboundUri, host);
    }

    @Override
    public Trunk findTrunkBySourceAddress(InetAddress address) {
        byte[] a = address.getAddress();
        Trunk best = null;
        int bestPrefix = -1;
        for (int i = 0; i < trunkAcls.size(); i++) {
            TrunkAcl ta = trunkAcls.get(i);
            int p = AccessControlList.Rules.mostSpecific(ta.acl().allow(), a);
            if (p > bestPrefix && p > AccessControlList.Rules.mostSpecific(ta.acl().deny(), a)) {
                best = ta.trunk();
                bestPrefix = p;
            }
        }
        return best;
    }

    @Override
    public List<Domain> domains() {
        return domains;
    }

    @Override
    public List<Agent> agents() {
        return agents;
    }

    @Override
    public List<Peer> peers() {
        return peers;
    }

    @Override
    public List<Trunk> trunks() {
        return trunks;
    }

    @Override
    public List<PhoneNumber> numbers() {
        return numbers;
    }

    @Override
    public List<Credentials> credentialsList() {
        return credentials;
    }

    @Override
    public List<AccessControlList> acls() {
        return acls;
    }

    @Override
    public String toString() {
        return "ProvisioningSnapshot[" + domains.size() + " domains, " + agents.size() + " agents, " + peers.size()
                + " peers, " + trunks.size() + " trunks, " + numbers.size() + " numbers, " + credentials.size()
                + " credentials, " + acls.size() + " ACLs]";
    }
}
