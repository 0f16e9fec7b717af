package io.tandem.provisioning;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Provisioning that changes while the server runs (files that are edited, a database written through the admin
 * API): every look-up asks the snapshot in use, which a change replaces atomically; listeners hear of each
 * replacement. The SIP side keeps using the last good snapshot when the source fails.
 */
public interface LiveProvisioning extends Provisioning, AutoCloseable {

    /** The snapshot in use. */
    @Override
    ProvisioningSnapshot snapshot();

    /**
     * Reads the source again and, when valid, swaps the new snapshot in and tells the listeners.
     *
     * @return empty on success; else the problems, the previous snapshot staying in use
     */
    List<ProvisioningError> reload();

    /** Who is told of each new snapshot. */
    ProvisioningListeners listeners();

    default void addListener(ProvisioningListener listener) {
        listeners().add(listener);
    }

    default void removeListener(ProvisioningListener listener) {
        listeners().remove(listener);
    }

    /** Starts following the source's changes (a file watcher, a database poller); no-op when already started. */
    void startWatching();

    @Override
    void close();

    /** Completes when the source answers (a database query), exceptionally naming the problem otherwise: for {@code /readyz}. */
    default CompletionStage<?> ping() {
        return CompletableFuture.completedFuture(null);
    }

    /** The source as the log and {@code /readyz} name it, e.g. {@code files in config/resources}. */
    String describe();

    @Override
    default Resource resource(String ref) {
        return snapshot().resource(ref);
    }

    @Override
    default Domain domain(String ref) {
        return snapshot().domain(ref);
    }

    @Override
    default Agent agent(String ref) {
        return snapshot().agent(ref);
    }

    @Override
    default Peer peer(String ref) {
        return snapshot().peer(ref);
    }

    @Override
    default Trunk trunk(String ref) {
        return snapshot().trunk(ref);
    }

    @Override
    default PhoneNumber number(String ref) {
        return snapshot().number(ref);
    }

    @Override
    default Credentials credentials(String ref) {
        return snapshot().credentials(ref);
    }

    @Override
    default AccessControlList acl(String ref) {
        return snapshot().acl(ref);
    }

    @Override
    default Agent findAgent(String username, String domainUri) {
        return snapshot().findAgent(username, domainUri);
    }

    @Override
    default Peer findPeerByUsername(String username) {
        return snapshot().findPeerByUsername(username);
    }

    @Override
    default Peer findPeerByAor(String aor) {
        return snapshot().findPeerByAor(aor);
    }

    @Override
    default PhoneNumber findNumberByTelUrl(String number) {
        return snapshot().findNumberByTelUrl(number);
    }

    @Override
    default Domain findDomainByUri(String domainUri) {
        return snapshot().findDomainByUri(domainUri);
    }

    @Override
    default Trunk findTrunkByInboundUri(String host) {
        return snapshot().findTrunkByInboundUri(host);
    }

    @Override
    default Trunk findTrunkBySourceAddress(InetAddress address) {
        return snapshot().findTrunkBySourceAddress(address);
    }

    @Override
    default List<Domain> domains() {
        return snapshot().domains();
    }

    @Override
    default List<Agent> agents() {
        return snapshot().agents();
    }

    @Override
    default List<Peer> peers() {
        return snapshot().peers();
    }

    @Override
    default List<Trunk> trunks() {
        return snapshot().trunks();
    }

    @Override
    default List<PhoneNumber> numbers() {
        return snapshot().numbers();
    }

    @Override
    default List<Credentials> credentialsList() {
        return snapshot().credentialsList();
    }

    @Override
    default List<AccessControlList> acls() {
        return snapshot().acls();
    }
}
