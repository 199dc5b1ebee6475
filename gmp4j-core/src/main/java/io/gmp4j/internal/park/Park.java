package io.gmp4j.internal.park;

import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.runtime.GoRuntime;
import org.jspecify.annotations.Nullable;

import java.util.concurrent.locks.LockSupport;

/**
 * The one way a gmp4j primitive blocks a goroutine (Go's {@code gopark}; {@link Parked#wake()} is
 * its {@code goready}): every channel operation, select, {@code WaitGroup}, {@code Semaphore},
 * {@code Once} and sleep parks here.
 *
 * <p>The caller has queued its {@link Parked} node under its own lock and released the lock. Park
 * then publishes the wait on the goroutine's record (reason, target, since, epoch: what dumps
 * and the leak detector read), tells the target's timer that a goroutine blocks on its channel
 * (so an armed timer keeps it reachable), parks until the node is claimed and completed by a
 * counterpart, and settles the race with cancellation: when the deadline passes or the goroutine
 * is interrupted, it claims its own node; if that claim wins, the wait ends with nothing taken
 * and the node's {@link Parked#withdrawn()} removes it from the primitive's list under the
 * primitive's lock; if it loses, a counterpart is completing it, the wait ends normally, and an
 * interrupt is kept for later.
 *
 * <pre>{@code
 * Waiter w = new Waiter(...);  recvq.add(w);  lock.unlock();
 * if (Park.await(w, this, "chan receive", waitTarget()) == Woken.INTERRUPTED) {
 *     throw new GoroutineInterruptedException();   // w took nothing and is off the queue
 * }
 * return w.item;                                   // completed by a sender
 * }</pre>
 */
public final class Park {
    /*
     * Implementation notes. The park loop re-checks the node after every return of park (they
     * may be spurious, or an unpark meant for an earlier wait). When the deadline has passed but
     * the self-claim fails, the counterpart that won is between its claim and its complete (a
     * few instructions under its lock): the loop spins until DONE instead of parking. The
     * interrupt status is cleared while the wait goes on and set again before returning, so a
     * goroutine whose wait completed normally still sees its interrupt; one whose wait was
     * cancelled by it gets INTERRUPTED with the status set too.
     *
     * The wait is published before the first park and withdrawn after the last (beginWait and
     * endWait on the goroutine's own record: single writer), and the timer pin is announced in
     * between, so both hold exactly while the goroutine can be parked on the node.
     */

    /** How a wait ended. */
    public enum Woken {
        /** A counterpart claimed and completed the node: its result is there. */
        READY,
        /** The deadline passed and the goroutine withdrew: nothing was taken. */
        TIMED_OUT,
        /** The goroutine was interrupted and withdrew (its interrupt status is set): nothing was taken. */
        INTERRUPTED
    }

    private Park() {
    }

    /**
     * Parks until {@code node} is completed, or the goroutine is interrupted and withdraws.
     *
     * @param node    the caller's node, already queued and visible to counterparts
     * @param blocker what JDK thread dumps show the goroutine parked on (the primitive)
     * @param reason  Go's wait reason ("chan receive", "semacquire", ...)
     * @param target  what the goroutine's record shows it waits on, or null
     * @return how the wait ended: {@link Woken#READY} or {@link Woken#INTERRUPTED}
     */
    public static Woken await(Parked node, Object blocker, String reason, @Nullable WaitTarget target) {
        // The loop is here, not in a helper shared with awaitUntil: this frame is what every
        // parked goroutine keeps in its stack chunk, so the park path is one frame deep (W6).
        G g = begin(reason, target);
        boolean interrupted = false;
        boolean withdrew = false;
        try {
            while (!node.isDone()) {
                LockSupport.park(blocker);
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (node.tryClaim()) {
                        withdrew = true;
                        break;
                    }
                }
            }
        } finally {
            end(g, target);
        }
        return settle(node, withdrew ? Woken.INTERRUPTED : Woken.READY, interrupted);
    }

    /**
     * Like {@link #await}, but withdraws at {@code deadline} ({@link System#nanoTime()}) too.
     *
     * @param node     the caller's node, already queued and visible to counterparts
     * @param blocker  what JDK thread dumps show the goroutine parked on (the primitive)
     * @param reason   Go's wait reason
     * @param target   what the goroutine's record shows it waits on, or null
     * @param deadline when to withdraw, in {@link System#nanoTime()}'s terms
     * @return how the wait ended
     */
    public static Woken awaitUntil(Parked node, Object blocker, String reason, @Nullable WaitTarget target,
                                   long deadline) {
        G g = begin(reason, target);
        Woken woken = Woken.READY;
        boolean interrupted = false;
        try {
            while (!node.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (node.tryClaim()) {
                        woken = Woken.TIMED_OUT;
                        break;
                    }
                    Thread.onSpinWait(); // a counterpart won the claim and is completing it
                    continue;
                }
                LockSupport.parkNanos(blocker, left);
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (node.tryClaim()) {
                        woken = Woken.INTERRUPTED;
                        break;
                    }
                }
            }
        } finally {
            end(g, target);
        }
        return settle(node, woken, interrupted);
    }

    /**
     * Parks until {@code deadline} or an interrupt, on a node nobody else claims (Go's
     * {@code time.Sleep}): TIMED_OUT when the time is up, INTERRUPTED otherwise.
     *
     * @param blocker  what JDK thread dumps show the goroutine parked on
     * @param reason   Go's wait reason ("sleep")
     * @param deadline when the time is up, in {@link System#nanoTime()}'s terms
     * @return {@link Woken#TIMED_OUT} or {@link Woken#INTERRUPTED}
     */
    public static Woken sleepUntil(Object blocker, String reason, long deadline) {
        return awaitUntil(new Parked(Thread.currentThread()), blocker, reason, null, deadline);
    }

    /** Publishes the wait on the calling goroutine's record and to the target's timer; returns the record. */
    private static @Nullable G begin(String reason, @Nullable WaitTarget target) {
        G g = GoRuntime.get().current();
        if (g != null) {
            g.beginWait(reason, target);
        }
        if (target != null) {
            target.blocked();
        }
        return g;
    }

    /** Withdraws what {@link #begin} published. */
    private static void end(@Nullable G g, @Nullable WaitTarget target) {
        if (target != null) {
            target.unblocked();
        }
        if (g != null) {
            g.endWait();
        }
    }

    /** After the loop: a withdrawn node leaves its list, and an interrupt seen on the way is kept. */
    private static Woken settle(Parked node, Woken woken, boolean interrupted) {
        if (woken != Woken.READY) {
            node.withdrawn();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return woken;
    }
}
