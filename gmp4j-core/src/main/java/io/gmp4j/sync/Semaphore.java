package io.gmp4j.sync;

import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.context.AfterFunc;
import io.gmp4j.context.Context;
import io.gmp4j.context.ContextException;
import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.park.Park;
import io.gmp4j.internal.park.Parked;
import io.gmp4j.internal.park.WaitList;
import io.gmp4j.internal.runtime.GoRuntime;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A weighted semaphore (Go's {@code golang.org/x/sync/semaphore.Weighted}): callers acquire and
 * release any number of permits out of a fixed size, waiting in FIFO order.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(Runtime.getRuntime().availableProcessors());
 * for (Job job : jobs) {
 *     sem.acquire(ctx, 1);          // throws ctx.err() if ctx ends first
 *     Go.go(() -> { try { job.run(); } finally { sem.release(1); } });
 * }
 * sem.acquire(ctx, sem.size());     // waits for every job to finish
 * }</pre>
 *
 * <p>Contract (x/sync's): at no time do callers hold more than {@link #size()} permits.
 * {@link #acquire} returns once it holds {@code n} permits, or throws {@code ctx.err()}
 * ({@link Context#CANCELED} or {@link Context#DEADLINE_EXCEEDED}) holding none: a context that has
 * already ended fails the call even if permits are free, and if permits are granted at the moment
 * the context ends, the call gives them back and fails (never both "failed" and "holding").
 * Waiters are served strictly in arrival order: a large request at the head of the queue blocks
 * smaller ones behind it, even when they would fit, so large requests never starve.
 * {@link #tryAcquire} never waits and fails whenever anyone is waiting. A request for more than
 * {@code size()} can never succeed: {@code acquire} then waits until the context ends (forever
 * for {@link Context#background()}), without blocking anyone else. Releasing more than is held
 * throws {@link IllegalStateException} and changes nothing. A {@code release} happens-before the
 * {@code acquire} it satisfies returns. While blocked, a goroutine's wait reason is
 * "semacquire" and it waits on this semaphore. An interrupted {@code acquire} throws
 * {@link GoroutineInterruptedException} holding nothing (interrupt status kept), or, if it was
 * granted at the same moment, returns normally and keeps the interrupt status.
 */
public final class Semaphore {
    /*
     * Implementation notes (after golang.org/x/sync/semaphore/semaphore.go; our own code).
     *
     * State, guarded by `lock`: `cur` (permits held) and a FIFO of waiter nodes (the park path's
     * intrusive WaitList, so a cancelled waiter leaves from the middle in O(1)).
     * Invariants whenever the lock is free:
     *   I1  0 <= cur <= size;
     *   I2  every queued node is unclaimed and has n <= size;
     *   I3  if the queue is not empty, its head does not fit: size - cur < head.n (a release or a
     *       departure that could let the head in grants it at once, see grantLocked).
     *
     * A node is the park path's Parked: exactly one party claims it (internal.park.Parked). A
     * grant claims it under the lock, adds its n to `cur`, unlinks it, marks it granted and
     * completes it; a cancellation (the context's afterFunc, from its own goroutine) claims it
     * under the lock, unlinks it and completes it ungranted; an interrupt or nothing else: the
     * waiter's own claim in Park, after which Node.withdrawn unlinks it under the lock. All three
     * take the lock, so a node is granted or cancelled, never both; granted means its permits are
     * counted in `cur` and belong to its thread. A departure of the head may let the new head in:
     * both cancellation paths then grant (I3).
     *
     * Cancellation by context: the waiter registers Context.afterFunc(ctx, cancel(node)) after
     * queueing and stops it when it resumes. A granted waiter re-checks ctx.err() and, if the
     * context ended meanwhile, releases what it was granted and fails, as x/sync does, so a
     * failure never holds permits and permits are never leaked.
     *
     * Fairness: grantLocked serves the queue from the head and stops at the first node that does
     * not fit (x/sync's notifyWaiters): continuing past it would let a stream of small requests
     * starve a large one. A request for more than size is never queued (it could only block the
     * queue forever): its node waits unqueued for the context.
     *
     * Rejected: j.u.c.Semaphore (no context cancellation, and its fair mode has no weighted
     * head-of-line rule); a select on ctx.done() and a per-waiter channel, as in Go (works, but
     * costs a channel per acquire and shows "select" instead of "semacquire").
     */
    /** A waiting acquire: the park path's node, owned by this semaphore. */
    private final class Node extends Parked {
        final long n;
        boolean granted; // written by the claimer before complete(), read by the waiter after DONE

        Node(long n) {
            super(Thread.currentThread());
            this.n = n;
        }

        /** The waiter claimed its own node (interrupt): off the queue, letting the next head in. */
        @Override
        protected void withdrawn() {
            Semaphore.wake(removeLocked(this));
        }
    }

    private final long size;
    private final ReentrantLock lock = new ReentrantLock();
    /** Where it was made ({@code -Dgmp4j.creationSite=stack} only) and, once waited on, its target. */
    private final @Nullable StackTraceElement createdAt = GoRuntime.primitiveSite();
    private volatile @Nullable WaitTarget waitTarget;
    private long cur;  // guarded by lock
    private final WaitList<Node> queue = new WaitList<>(); // guarded by lock

    /**
     * A semaphore of {@code size} permits, all free.
     *
     * @param size the number of permits
     * @throws IllegalArgumentException if size is negative
     */
    public Semaphore(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("semaphore size must be >= 0: " + size);
        }
        this.size = size;
    }

    /** {@return the total number of permits} */
    public long size() {
        return size;
    }

    /**
     * Acquires {@code n} permits, waiting in FIFO order until they are free or {@code ctx} ends.
     *
     * @param ctx the context whose end stops the wait
     * @param n   how many permits
     * @throws ContextException              {@code ctx.err()} if the context ended first (nothing held)
     * @throws GoroutineInterruptedException if interrupted while waiting (nothing held)
     * @throws IllegalArgumentException      if n is negative
     */
    public void acquire(Context ctx, long n) {
        Objects.requireNonNull(ctx, "ctx");
        checkWeight(n);
        Node node;
        lock.lock();
        try {
            ContextException e = ctx.err();
            if (e != null) {
                throw e;
            }
            if (size - cur >= n && queue.isEmpty()) {
                cur += n;
                return;
            }
            node = new Node(n);
            if (n <= size) {
                queue.add(node);
            } // else: doomed; wait for ctx alone without blocking the queue
        } finally {
            lock.unlock();
        }
        await(ctx, node);
    }

    private void await(Context ctx, Node node) {
        AfterFunc watch = Context.afterFunc(ctx, () -> cancel(node));
        Park.Woken woken;
        try {
            woken = Park.await(node, this, "semacquire", waitTarget());
        } finally {
            watch.stop();
        }
        if (woken == Park.Woken.INTERRUPTED) {
            throw new GoroutineInterruptedException();
        }
        if (node.granted) {
            if (ctx.err() == null) {
                return;
            }
            release(node.n); // the context ended as we were granted: fail consistently
        }
        ContextException e = ctx.err();
        throw e != null ? e : Context.CANCELED;
    }

    private WaitTarget waitTarget() {
        WaitTarget t = waitTarget;
        if (t == null) {
            waitTarget = t = WaitTarget.of(this, "sync.Semaphore", "size " + size, createdAt);
        }
        return t;
    }

    /**
     * Acquires {@code n} permits if they are free and nobody is waiting; never blocks.
     *
     * @param n how many permits
     * @return whether it acquired them
     * @throws IllegalArgumentException if n is negative
     */
    public boolean tryAcquire(long n) {
        checkWeight(n);
        lock.lock();
        try {
            if (size - cur >= n && queue.isEmpty()) {
                cur += n;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases {@code n} permits and grants waiters, in order, as long as the head fits.
     *
     * @param n how many permits
     * @throws IllegalStateException    if more permits would be released than are held (nothing changes)
     * @throws IllegalArgumentException if n is negative
     */
    public void release(long n) {
        checkWeight(n);
        List<Node> granted;
        lock.lock();
        try {
            if (n > cur) {
                throw new IllegalStateException("semaphore: released more than held");
            }
            cur -= n;
            granted = grantLocked();
        } finally {
            lock.unlock();
        }
        wake(granted);
    }

    /** The context ended: cancels a waiting node (from the afterFunc's goroutine) unless it was granted. */
    private void cancel(Node node) {
        List<Node> granted;
        lock.lock();
        try {
            if (!node.tryClaim()) {
                return; // granted, or the waiter withdrew itself
            }
            granted = unlinkLocked(node);
            node.complete(); // not granted
        } finally {
            lock.unlock();
        }
        node.wake();
        wake(granted);
    }

    /** Node.withdrawn: the waiter's own claim won; unlinks it. Returns the nodes granted as a result. */
    private @Nullable List<Node> removeLocked(Node node) {
        lock.lock();
        try {
            return unlinkLocked(node);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: unlinks a departing node; if it was the head, grants whoever now fits (I3). */
    private @Nullable List<Node> unlinkLocked(Node node) {
        boolean wasHead = queue.first() == node;
        queue.remove(node);
        return wasHead ? grantLocked() : null;
    }

    /** Under the lock: grants queued nodes from the head while the head fits (restores I3). */
    private @Nullable List<Node> grantLocked() {
        List<Node> granted = null;
        for (Node w = queue.first(); w != null && size - cur >= w.n; w = queue.first()) {
            queue.remove(w);
            if (!w.tryClaim()) {
                continue; // withdrawing itself (interrupt): it unlinks itself, we went first
            }
            cur += w.n;
            w.granted = true;
            w.complete();
            if (granted == null) {
                granted = new ArrayList<>(2);
            }
            granted.add(w);
        }
        return granted;
    }

    private static void wake(@Nullable List<Node> nodes) {
        if (nodes != null) {
            for (Node w : nodes) {
                w.wake();
            }
        }
    }

    private static void checkWeight(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative weight " + n);
        }
    }

    /** Permits held now (tests and diagnostics). */
    long held() {
        lock.lock();
        try {
            return cur;
        } finally {
            lock.unlock();
        }
    }

    /** Callers queued now (tests and diagnostics). */
    int queued() {
        lock.lock();
        try {
            int k = 0;
            for (Node w = queue.first(); w != null; w = queue.next(w)) {
                k++;
            }
            return k;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Semaphore[size=" + size + ", held=" + held() + ", queued=" + queued() + "]";
    }
}
