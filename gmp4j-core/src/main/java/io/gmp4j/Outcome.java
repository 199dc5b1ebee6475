package io.gmp4j;

import io.gmp4j.internal.park.Parked;
import org.jspecify.annotations.Nullable;

/**
 * The claim of a blocked channel operation or select (see {@link Parked}), and which of its
 * waiters fired. A plain send or receive is its own outcome (one allocation per blocked
 * operation); a select's cases share one, so that exactly one case commits.
 */
class Outcome extends Parked {
    /** The waiter that fired; written by the claimer before it completes the outcome. */
    @Nullable Waiter fired;

    Outcome(@Nullable Thread thread) {
        super(thread);
    }

    /** Claimer, under the channel's lock: records which waiter fired and publishes the result. */
    final void completeWith(Waiter w) {
        fired = w;
        complete();
    }
}
