package io.gmp4j.internal.park;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine blocked in a gmp4j primitive (Go's {@code sudog}, with {@code g.selectDone}): the
 * node a primitive queues in its {@link WaitList}, and the claim that decides who ends the wait.
 *
 * <p>States: WAITING, then CLAIMED, then DONE. Exactly one party moves WAITING to CLAIMED, with a
 * CAS ({@link #tryClaim}): a counterpart working under the primitive's lock (a sender for a
 * waiting receiver, a release for a waiting acquirer, a close), which then writes the result into
 * its subclass's fields and publishes it with {@link #complete} (a release store of DONE), or the
 * blocked goroutine itself when its deadline passes or it is interrupted ({@link Park}), which
 * then withdraws and takes no result. A node whose claim another party won is skipped by
 * everyone else ({@link WaitList#pollClaimed}), so a result is delivered exactly once and a
 * cancelled wait takes nothing.
 *
 * <p>A node may stand for another one's claim ({@link #claim}): the waiters of a select, one per
 * case on each case's channel, share one claim, so that only one case can commit.
 */
public class Parked {
    /*
     * Implementation notes. `state` is the claim; `prev`, `next` and `queued` are the links of the
     * one wait list the node is in, guarded by that list's owner (the primitive's lock) and never
     * read without it. The blocked goroutine reads its result only after it saw DONE (acquire),
     * which the claimer stored after writing the result (release), or after it claimed the node
     * itself, in which case there is no result to read.
     */
    static final int WAITING = 0;
    static final int CLAIMED = 1;
    static final int DONE = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Parked.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final @Nullable Thread thread;
    @SuppressWarnings("unused") private volatile int state;

    // Links in one WaitList, guarded by the list's owner.
    @Nullable Parked prev;
    @Nullable Parked next;
    boolean queued;

    /**
     * A node for {@code thread}, which will wait on it; null for a node that only links.
     *
     * @param thread the thread that waits on it, or null
     */
    public Parked(@Nullable Thread thread) {
        this.thread = thread;
    }

    /** {@return the claim this node stands for: itself, unless a subclass shares another node's} */
    public Parked claim() {
        return this;
    }

    /**
     * WAITING to CLAIMED: true for exactly one caller.
     *
     * @return whether this call claimed it
     */
    public final boolean tryClaim() {
        return STATE.compareAndSet(this, WAITING, CLAIMED);
    }

    /** The claimer, after writing the result: publishes it (release). Then {@link #wake} it. */
    public final void complete() {
        STATE.setRelease(this, DONE);
    }

    /** {@return whether the result is published (acquire: the result's fields may be read after true)} */
    public final boolean isDone() {
        return (int) STATE.getAcquire(this) == DONE;
    }

    /** {@return whether nobody has claimed it yet (a racy hint: the claim may be taken the next moment)} */
    public final boolean isWaiting() {
        return (int) STATE.getAcquire(this) == WAITING;
    }

    /** Go's {@code goready}: unparks the waiting goroutine; call it after releasing the primitive's lock. */
    public final void wake() {
        LockSupport.unpark(thread);
    }

    /**
     * Called by {@link Park} on the waiting goroutine after it won the claim of its own node
     * (its deadline passed, or it was interrupted): takes the node off the primitive's list, under
     * the primitive's lock, and restores whatever the primitive's invariants need. Does nothing by
     * default (for a node that is not queued, or whose owner unlinks it in every case).
     */
    protected void withdrawn() {
    }

    /** {@return the goroutine (thread) waiting on this node, or null for a node that only links} */
    public final @Nullable Thread thread() {
        return thread;
    }
}
