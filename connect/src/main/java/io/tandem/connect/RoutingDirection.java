package io.tandem.connect;

/**
 * Which way a call goes, decided as Routr decides it ({@code getRoutingDirection} in Routr's
 * {@code mods/connect/src/utils.ts}): from what the caller is (the From: an Agent or a Peer of
 * ours) and what the callee is (the Request-URI: an Agent or a Peer, a Number of ours, or else
 * the PSTN). The source address plays no part: an access control list admits a sender once the
 * direction says whose list applies; it does not say who the sender is.
 */
enum RoutingDirection {
    AGENT_TO_AGENT, AGENT_TO_PSTN, AGENT_TO_PEER, PEER_TO_AGENT, PEER_TO_PSTN, FROM_PSTN, UNKNOWN;

    /** What the From (caller) or the Request-URI (callee) names. */
    enum Party {
        AGENT, PEER,
        /** A Number of ours, or any number at a Trunk's inbound URI (callee only). */
        NUMBER,
        /** Nothing provisioned here: as a callee, the PSTN. */
        NONE
    }

    /** Routr's table, in Routr's order: a Number callee is PSTN traffic unless an Agent or a Peer is the callee. */
    static RoutingDirection of(Party caller, Party callee) {
        if (caller == Party.AGENT && callee == Party.AGENT) {
            return AGENT_TO_AGENT;
        }
        if (caller == Party.AGENT && callee == Party.NONE) {
            return AGENT_TO_PSTN;
        }
        if (caller == Party.PEER && callee == Party.AGENT) {
            return PEER_TO_AGENT;
        }
        if (caller == Party.AGENT && callee == Party.PEER) {
            return AGENT_TO_PEER;
        }
        if (callee == Party.NUMBER) {
            return FROM_PSTN;
        }
        if (caller == Party.PEER && callee == Party.NONE) {
            return PEER_TO_PSTN;
        }
        return UNKNOWN;
    }
}
