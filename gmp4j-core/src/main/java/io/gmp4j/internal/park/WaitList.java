package io.gmp4j.internal.park;

import org.jspecify.annotations.Nullable;

/**
 * A FIFO of blocked goroutines on one primitive (Go's {@code waitq}): intrusive and doubly
 * linked, so that a waiter that gives up (a select whose other case fired, a timeout, an
 * interrupt, a cancelled context) leaves from the middle in O(1) and nothing is allocated per
 * wait beyond the node itself. Guarded by the primitive's lock: not thread-safe on its own,
 * except for the racy hint {@link #mayHaveWaiters}.
 *
 * @param <N> the primitive's node type
 */
public final class WaitList<N extends Parked> {
    /*
     * Implementation notes. Invariants while the owner's lock is free: a node is in at most one
     * list, and `queued` is true exactly while it is in this one; `first.prev == null`,
     * `last.next == null`, and following `next` from `first` reaches `last`. remove of a node that
     * is not queued does nothing, so a waiter may always try to unlink itself.
     */
    private @Nullable Parked first;
    private @Nullable Parked last;

    /** An empty list. */
    public WaitList() {
    }

    /** {@return whether no node is queued} */
    public boolean isEmpty() {
        return first == null;
    }

    /**
     * A racy hint, read without the owner's lock (a plain read: it may be stale, never torn):
     * whether someone may be waiting. Only lock-free readiness probes use it, and they check again
     * under the lock before acting.
     *
     * @return false only if nobody was waiting at some recent moment
     */
    public boolean mayHaveWaiters() {
        return first != null;
    }

    /**
     * Appends {@code n} (not queued anywhere).
     *
     * @param n the node
     */
    public void add(N n) {
        n.prev = last;
        n.next = null;
        if (last == null) {
            first = n;
        } else {
            last.next = n;
        }
        last = n;
        n.queued = true;
    }

    /**
     * Unlinks {@code n} if it is queued here (true); does nothing otherwise (false).
     *
     * @param n the node
     * @return whether it was queued
     */
    public boolean remove(N n) {
        if (!n.queued) {
            return false;
        }
        if (n.prev == null) {
            first = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            last = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.queued = false;
        return true;
    }

    /** {@return the first node, or null}; it stays queued. */
    @SuppressWarnings("unchecked")
    public @Nullable N first() {
        return (N) first;
    }

    /**
     * {@return the node after {@code n} in this list, or null}
     *
     * @param n a node queued here
     */
    @SuppressWarnings("unchecked")
    public @Nullable N next(N n) {
        return (N) n.next;
    }

    /**
     * Removes and returns the first node whose claim this caller won ({@link Parked#claim()});
     * nodes whose claim someone else holds (a select that fired elsewhere, a waiter that timed
     * out or was interrupted) are dropped on the way. Null when none is left.
     *
     * @return the node claimed, or null
     */
    public @Nullable N pollClaimed() {
        N n;
        while ((n = first()) != null) {
            remove(n);
            if (n.claim().tryClaim()) {
                return n;
            }
        }
        return null;
    }
}
