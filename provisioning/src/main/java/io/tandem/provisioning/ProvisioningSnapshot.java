package io.tandem.provisioning;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An immutable, validated set of resources with its look-up indexes, built once by {@link ResourceLoader}. */
public final class ProvisioningSnapshot implements Provisioning {
    /** A Trunk with an inbound ACL, for {@link #findTrunkBySourceAddress}. */
    private record TrunkAcl(Trunk trunk, AccessControlList acl) {
    }

    private final Map<String, Resource> byRef = new HashMap<>();
    private final Map<String, Map<String, Agent>> agentsByDomainUri = new HashMap<>();
    private final Map<String, Peer> peersByUsername = new HashMap<>();
    private final Map<String, Peer> peersByAor = new HashMap<>();
    private final Map<String, PhoneNumber> numbersByTel = new HashMap<>();
    private final Map<String, Domain> domainsByUri = new HashMap<>();
    private final Map<String, Trunk> trunksByInboundUri = new HashMap<>();
    private final List<TrunkAcl> trunkAcls = new ArrayList<>();
    private final List<Domain> domains = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private final List<Peer> peers = new ArrayList<>();
    private final List<Trunk> trunks = new ArrayList<>();
    private final List<PhoneNumber> numbers = new ArrayList<>();
    private final List<Credentials> credentials = new ArrayList<>();
    private final List<AccessControlList> acls = new ArrayList<>();
    // read-only views, made once (the lists are filled by the constructor and never change after)
    private final List<Domain> domainsView = Collections.unmodifiableList(domains);
    private final List<Agent> agentsView = Collections.unmodifiableList(agents);
    private final List<Peer> peersView = Collections.unmodifiableList(peers);
    private final List<Trunk> trunksView = Collections.unmodifiableList(trunks);
    private final List<PhoneNumber> numbersView = Collections.unmodifiableList(numbers);
    private final List<Credentials> credentialsView = Collections.unmodifiableList(credentials);
    private final List<AccessControlList> aclsView = Collections.unmodifiableList(acls);
    private final List<ProvisioningError> warnings;

    /**
     * Indexes {@code resources}, which {@link ResourceLoader} has checked (unique refs and keys, valid references);
     * {@code warnings} are what the checks noted without refusing the set.
     */
    ProvisioningSnapshot(List<Resource> resources, List<ProvisioningError> warnings) {
        this.warnings = List.copyOf(warnings);
        for (Resource r : resources) {
            byRef.putIfAbsent(r.ref(), r);
            switch (r) {
                case Domain d -> {
                    domains.add(d);
                    domainsByUri.putIfAbsent(lower(d.domainUri()), d);
                }
                case Agent a -> agents.add(a);
                case Peer p -> {
                    peers.add(p);
                    peersByUsername.putIfAbsent(p.username(), p);
                    peersByAor.putIfAbsent(p.aor(), p);
                }
                case Trunk t -> {
                    trunks.add(t);
                    if (t.inboundUri() != null) {
                        trunksByInboundUri.putIfAbsent(lower(t.inboundUri()), t);
                    }
                }
                case PhoneNumber n -> {
                    numbers.add(n);
                    numbersByTel.putIfAbsent(n.telUrl(), n);
                    numbersByTel.putIfAbsent(n.number(), n);
                }
                case Credentials c -> credentials.add(c);
                case AccessControlList a -> acls.add(a);
            }
        }
        for (Agent a : agents) {
            Domain d = a.domainRef() == null ? null : domain(a.domainRef());
            if (d != null) {
                agentsByDomainUri.computeIfAbsent(lower(d.domainUri()), k -> new HashMap<>()).putIfAbsent(a.username(), a);
            }
        }
        for (Trunk t : trunks) {
            AccessControlList acl = t.accessControlListRef() == null ? null : acl(t.accessControlListRef());
            if (acl != null) {
                trunkAcls.add(new TrunkAcl(t, acl));
            }
        }
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
    private static <V> V getIgnoreCase(Map<String, V> map, String key) {
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
        Map<String, Agent> inDomain = getIgnoreCase(agentsByDomainUri, domainUri);
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
        return domainsView;
    }

    @Override
    public List<Agent> agents() {
        return agentsView;
    }

    @Override
    public List<Peer> peers() {
        return peersView;
    }

    @Override
    public List<Trunk> trunks() {
        return trunksView;
    }

    @Override
    public List<PhoneNumber> numbers() {
        return numbersView;
    }

    @Override
    public List<Credentials> credentialsList() {
        return credentialsView;
    }

    @Override
    public List<AccessControlList> acls() {
        return aclsView;
    }

    @Override
    public String toString() {
        return "ProvisioningSnapshot[" + domains.size() + " domains, " + agents.size() + " agents, " + peers.size()
                + " peers, " + trunks.size() + " trunks, " + numbers.size() + " numbers, " + credentials.size()
                + " credentials, " + acls.size() + " ACLs]";
    }
}
