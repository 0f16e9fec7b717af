package io.tandem.location;

import java.util.Objects;

/**
 * How to choose one route among an AOR's live bindings (Routr's FindRoutesRequest.Backend), used for
 * Peer pools such as media servers or conference bridges.
 *
 * @param algorithm           the balancing algorithm
 * @param withSessionAffinity whether the same affinity key keeps getting the same route while it lives
 */
public record Backend(BalancingAlgorithm algorithm, boolean withSessionAffinity) {

    public enum BalancingAlgorithm {
        /** Rotate over the live routes (ordered by contactKey), one counter per AOR. */
        ROUND_ROBIN,
        /** The route with the lowest reported sessionCount; unknown counts (-1) last; ties rotate. */
        LEAST_SESSIONS
    }

    public Backend {
        Objects.requireNonNull(algorithm, "algorithm");
    }

    public static Backend roundRobin() {
        return new Backend(BalancingAlgorithm.ROUND_ROBIN, false);
    }

    public static Backend leastSessions() {
        return new Backend(BalancingAlgorithm.LEAST_SESSIONS, false);
    }

    public Backend withAffinity() {
        return new Backend(algorithm, true);
    }
}
