package io.tandem.provisioning;

import java.net.InetAddress;
import java.util.List;

/**
 * Read access to the provisioned resources, as the routing code uses them. Lookups answer null when
 * nothing matches; they are map look-ups that allocate nothing in the common case. Lists are in load
 * order (file name, then position in the file) and unmodifiable.
 *
 * <p>An implementation may change under a reload; code that makes several look-ups for one request
 * should take {@link #snapshot()} once and ask it.
 */
public interface Provisioning {

    /** A consistent, immutable view: this object for a snapshot, the current snapshot for a reloading store. */
    default Provisioning snapshot() {
        return this;
    }

    /** The resource of any kind with {@code ref}, or null. */
    Resource resource(String ref);

    Domain domain(String ref);

    Agent agent(String ref);

    Peer peer(String ref);

    Trunk trunk(String ref);

    PhoneNumber number(String ref);

    Credentials credentials(String ref);

    AccessControlList acl(String ref);

    /** The Agent with {@code username} in the Domain whose {@code domainUri} is {@code domainUri} (any case), or null. */
    Agent findAgent(String username, String domainUri);

    Peer findPeerByUsername(String username);

    /** The Peer whose {@code spec.aor} is exactly {@code aor} (e.g. {@code sip:voice@sip.local}), or null. */
    Peer findPeerByAor(String aor);

    /**
     * The Number whose {@code telUrl} is {@code number}, given with or without its scheme
     * ({@code tel:+17066041487} or {@code +17066041487}), or null. The match is exact, as Routr's.
     */
    PhoneNumber findNumberByTelUrl(String number);

    /** The Domain whose {@code domainUri} is {@code domainUri} (any case), or null. */
    Domain findDomainByUri(String domainUri);

    /** The Trunk whose {@code spec.inbound.uri} is {@code host} (any case), or null. */
    Trunk findTrunkByInboundUri(String host);

    /**
     * The Trunk whose inbound ACL admits {@code address} through an allow rule (and no deny rule overrides it);
     * when several do, the one with the most specific allow rule, then the first loaded. Null if none.
     */
    Trunk findTrunkBySourceAddress(InetAddress address);

    List<Domain> domains();

    List<Agent> agents();

    List<Peer> peers();

    List<Trunk> trunks();

    List<PhoneNumber> numbers();

    List<Credentials> credentialsList();

    List<AccessControlList> acls();
}
