package io.gmp4j;

/**
 * Counters of one P (processor), copied without stopping it: each value is recent, and the values
 * need not come from the same instant.
 *
 * @param id               the P's index, 0 … procs-1
 * @param ticks            Go's {@code schedtick}: dispatches that started a new time slice
 * @param runnextHits      dispatches from the {@code runnext} slot (a wake-up run next on the same P)
 * @param localDispatches  dispatches from the local run queue
 * @param globalDispatches dispatches from the global run queue
 * @param stolenDispatches dispatches of goroutines stolen from another P
 * @param steals           successful steal operations (each takes half a victim's queue)
 * @param handoffs         times sysmon handed this P away from a stuck carrier
 * @param parks            times the P went idle and its carrier parked
 * @param queueLength      goroutines in its local queue and runnext now
 * @param idle             true when no carrier holds it
 */
public record ProcessorStats(int id, long ticks, long runnextHits, long localDispatches, long globalDispatches,
                             long stolenDispatches, long steals, long handoffs, long parks, int queueLength,
                             boolean idle) {
    /** {@return all dispatches of this P} */
    public long dispatches() {
        return runnextHits + localDispatches + globalDispatches + stolenDispatches;
    }
}
