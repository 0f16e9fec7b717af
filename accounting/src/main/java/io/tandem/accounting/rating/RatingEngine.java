package io.tandem.accounting.rating;

import io.tandem.accounting.call.EndedCall;

/**
 * Rates an ended call; the built-in one is a {@link RateDeck}, an external engine plugs in here.
 * Called on the CDR writer's thread, never on a shard: it may take its time (not forever).
 */
@FunctionalInterface
public interface RatingEngine {
    RatingEngine NONE = call -> Rating.NONE;

    Rating rate(EndedCall call);
}
