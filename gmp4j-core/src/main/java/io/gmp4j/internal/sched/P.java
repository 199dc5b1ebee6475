package io.gmp4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor (Go's {@code p}): the right to run goroutines, with its local run queue and counters.
 *
 * <p>States (who owns what): a P is either <em>owned</em> by exactly one M ({@code owner == m}),
 * <em>idle</em> (on the scheduler's idle list, {@code owner == null}), or <em>in transit</em>
 * ({@code owner == null}, being handed from a stuck M to a spare one by sysmon, or from the idle
 * list to a woken M). Only the owner touches the tail side of {@link #runq}; see
 * {@link GmpScheduler} for how ownership moves safely while the old owner is still running.
 */
final class P {
    /*
     * Implementation notes. `owner` moves only by CAS or by a store made while the P is off every
     * list (idle list taken under the scheduler's lock, or in transit from sysmon), so at most one
     * M believes it owns the P at a time; the ring's owner-only side is additionally guarded by
     * the M.busy handshake while sysmon takes the P away. Counters are plain fields written by
     * whichever M owns the P (ownership changes are ordered by those volatile/CAS steps); readers
     * get recent, possibly mutually inconsistent values, which is all stats need. The seen* fields
     * belong to sysmon alone.
     */
    static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(P.class, "owner", M.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int id;
    final LocalRunQueue<GTask> runq;
    volatile M owner;

    /** Sysmon asks the owner to stop running runnext chains on inherited time (Go's preempt). */
    volatile boolean preempt;

    // Counters: plain writes by the owning M only (ownership changes are ordered by volatile
    // handshakes), racy reads by stats. Longs do not tear on 64-bit JVMs; readers may see stale values.
    long schedtick;
    long runnextHits;
    long localDispatches;
    long globalDispatches;
    long stolenDispatches;
    long steals;
    long parks;
    /** Consecutive runnext dispatches in the current chain. */
    int runnextStreak;
    /** Written by sysmon only. */
    volatile long handoffs;

    // Sysmon's private observations of this P (sysmon thread only).
    long seenDispatchSeq;
    long seenDispatchAt;
    long seenSchedtick;
    long seenSchedtickAt;
    long seenDispatchSeqAtTick;
    // Sysmon's system-call detection for the current dispatch (see Syscalls).
    M cpuM;
    long cpuSeq = -1;
    long cpuAt;
    long cpuNanos;
    M syscallM;
    long syscallSeq = -1;
    long syscallAt;
    boolean syscallVerdict;

    P(int id, int queueCapacity) {
        this.id = id;
        this.runq = new LocalRunQueue<>(queueCapacity);
    }

    boolean casOwner(M expect, M update) {
        return OWNER.compareAndSet(this, expect, update);
    }
}
