package io.tandem.location;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Bindings of addresses of record to routes (Routr's Location service: AddRoute, FindRoutes,
 * RemoveRoutes). Every operation is asynchronous and never blocks the calling thread, so it can be
 * called from an event loop. AORs are opaque strings (the caller canonicalizes them, e.g.
 * {@code sip:1001@sip.local}); only unexpired bindings are ever returned or counted.
 * Failures complete the stage exceptionally (possibly wrapped in a CompletionException).
 */
public interface LocationService extends AutoCloseable {

    /** No limit for {@link #addRoute(String, Route, int)}. */
    int UNLIMITED = 0;

    /**
     * Adds or refreshes a binding: a route with the same contactKey as an existing one replaces it. A
     * route that is already expired ({@code expires} 0) removes the binding instead, like a Contact
     * with expires=0. When the add would leave more than {@code maxContacts} (if &gt; 0) live
     * bindings, nothing changes and the stage fails with {@link MaxContactsExceededException}
     * (Routr's behaviour; nothing is evicted).
     */
    CompletionStage<Void> addRoute(String aor, Route route, int maxContacts);

    default CompletionStage<Void> addRoute(String aor, Route route) {
        return addRoute(aor, route, UNLIMITED);
    }

    /** The live bindings of {@code aor}, most recently registered first; empty when none. */
    CompletionStage<List<Route>> findRoutes(String aor);

    /**
     * One live binding of {@code aor} chosen by {@code backend}; empty when none. With session
     * affinity and a non-null {@code affinityKey} (e.g. the value of the Number's
     * sessionAffinityHeader, or the Call-ID), the key keeps getting the route it got first while
     * that route is alive; once it is gone the key is rebound to a route chosen by the algorithm.
     * Without affinity the key is ignored.
     */
    CompletionStage<List<Route>> findRoutes(String aor, Backend backend, String affinityKey);

    default CompletionStage<List<Route>> findRoutes(String aor, Backend backend) {
        return findRoutes(aor, backend, null);
    }

    /** Removes one binding; true when it existed (alive). */
    CompletionStage<Boolean> removeRoute(String aor, String contactKey);

    /** Removes every binding of {@code aor}; returns how many existed. */
    CompletionStage<Integer> removeRoutes(String aor);

    /** Live bindings over all AORs. */
    CompletionStage<Long> count();

    /**
     * Up to {@code limit} addresses of record that have a live binding, in no set order (for
     * {@code tandem ctl registrations}). A provider that cannot list (a remote Location) fails.
     */
    default CompletionStage<List<String>> aors(int limit) {
        return java.util.concurrent.CompletableFuture.failedFuture(
            new UnsupportedOperationException("this Location provider does not list its bindings"));
    }

    /**
     * Completes when the backing store answers (for readiness checks); fails naming what is
     * unreachable. The memory provider is always reachable.
     */
    default CompletionStage<Void> ping() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** Releases what the service owns (sweeper thread, Redis connection); idempotent. */
    @Override
    void close();
}
