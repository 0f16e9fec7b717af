package io.tandem.location;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Ordering and balancing shared by the providers; pure functions over a snapshot of live routes. */
final class Balancer {
    private static final Comparator<Route> BY_KEY = Comparator.comparing(Route::contactKey);
    private static final Comparator<Route> NEWEST_FIRST =
        Comparator.comparingLong(Route::registeredOn).reversed().thenComparing(BY_KEY);

    private Balancer() {
    }

    /** The order findRoutes(aor) returns: most recently registered first (as Routr's store), ties by key. */
    static List<Route> newestFirst(Collection<Route> routes) {
        List<Route> list = new ArrayList<>(routes);
        list.sort(NEWEST_FIRST);
        return List.copyOf(list);
    }

    /**
     * Chooses one route. Candidates are ordered by contactKey, a stable order every instance agrees
     * on; ROUND_ROBIN takes candidate {@code counter mod n}; LEAST_SESSIONS narrows the candidates to
     * those with the lowest known sessionCount (unknown, i.e. negative, counts only when no route
     * reports one) and rotates among ties with the same counter.
     */
    static Route pick(List<Route> live, Backend.BalancingAlgorithm algorithm, long counter) {
        List<Route> candidates = new ArrayList<>(live);
        candidates.sort(BY_KEY);
        if (algorithm == Backend.BalancingAlgorithm.LEAST_SESSIONS) {
            int min = candidates.stream().mapToInt(Route::sessionCount).filter(c -> c >= 0).min().orElse(-1);
            candidates.removeIf(r -> min >= 0 ? r.sessionCount() != min : r.sessionCount() >= 0);
        }
        return candidates.get((int) Math.floorMod(counter, (long) candidates.size()));
    }
}
