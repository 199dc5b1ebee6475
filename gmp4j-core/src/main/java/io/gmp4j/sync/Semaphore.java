package io.gmp4j.sync;

import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.context.AfterFunc;
import io.gmp4j.context.Context;
import io.gmp4j.context.ContextException;
import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.runtime.GoRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
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
     * State, guarded by `lock`: `cur` (permits held) and a FIFO of waiter nodes (intrusive,
     * doubly linked, so a cancelled waiter leaves from the middle in O(1)).
     * Invariants whenever the lock is free:
     *   I1  0 <= cur <= size;
     *   I2  every queued node is WAITING and has n <= size;
     *   I3  if the queue is not empty, its head does not fit: size - cur < head.n (a release or a
     *       departure that could let the head in grants it at once, see grantLocked).
     *
     * Node states: WAITING -> GRANTED (grantLocked: cur += n, dequeued) or WAITING -> CANCELLED
     * (abandon: dequeued, nothing added). Both moves happen under the lock, so exactly one of
     * them happens; GRANTED means the node's permits are counted in `cur` and belong to its
     * thread, CANCELLED means it got nothing. The waiter parks until its node leaves WAITING
     * (volatile state; unparks happen after unlocking, and spurious ones are re-checked).
     *
     * Cancellation: the waiter registers Context.afterFunc(ctx, abandon(node)) after queueing.
     * If the context ends, that function runs in its own goroutine and cancels the node unless it
     * was granted first; the waiter always stops the registration when it resumes. An interrupt
     * calls abandon from the waiter itself. A granted waiter re-checks ctx.err() and, if the
     * context ended meanwhile, releases what it was granted and fails, as x/sync does, so a
     * failure never holds permits and permits are never leaked.
     *
     * Fairness: grantLocked serves the queue from the head and stops at the first node that does
     * not fit (x/sync's notifyWaiters): continuing past it would let a stream of small requests
     * starve a large one. When the head departs (cancelled), the new head may fit: abandon then
     * grants too, or I3 would break and everyone would wait for a release that may never come.
     * A request for more than size is never queued (it could only block the queue forever).
     *
     * Rejected: j.u.c.Semaphore (no context cancellation, and its fair mode has no weighted
     * head-of-line rule); a select on ctx.done() and a per-waiter channel, as in Go (works, but
     * costs a channel per acquire and shows "select" instead of "semacquire").
     */
    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int CANCELLED = 2;

    private static final class Node {
        final long n;
        final Thread thread = Thread.currentThread();
        volatile int state; // WAITING -> GRANTED | CANCELLED, under lock
        Node prev;          // queue links, guarded by lock
        Node next;
        boolean queued;

        Node(long n) {
            this.n = n;
        }
    }

    private final long size;
    private final ReentrantLock lock = new ReentrantLock();
    /** Where it was made ({@code -Dgmp4j.creationSite=stack} only) and, once waited on, its target. */
    private final StackTraceElement createdAt = GoRuntime.primitiveSite();
    private volatile WaitTarget waitTarget;
    private long cur;  // guarded by lock
    private Node head; // guarded by lock
    private Node tail; // guarded by lock

    /** A semaphore of {@code size} permits, all free. */
    public Semaphore(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("semaphore size must be >= 0: " + size);
        }
        this.size = size;
    }

    /** The total number of permits. */
    public long size() {
        return size;
    }

    /**
     * Acquires {@code n} permits, waiting in FIFO order until they are free or {@code ctx} ends.
     *
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
            if (size - cur >= n && head == null) {
                cur += n;
                return;
            }
            node = new Node(n);
            if (n <= size) {
                enqueue(node);
            } // else: doomed; wait for ctx alone without blocking the queue
        } finally {
            lock.unlock();
        }
        await(ctx, node);
    }

    private void await(Context ctx, Node node) {
        AfterFunc watch = Context.afterFunc(ctx, () -> abandon(node));
        G g = GoRuntime.get().current();
        if (g != null) {
            WaitTarget t = waitTarget;
            if (t == null) {
                waitTarget = t = WaitTarget.of(this, "sync.Semaphore", "size " + size, createdAt);
            }
            g.beginWait("semacquire", t);
        }
        boolean interrupted = false;
        boolean withdrawn = false;
        try {
            while (node.state == WAITING) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                    withdrawn = abandon(node);
                }
            }
        } finally {
            if (g != null) {
                g.endWait();
            }
            watch.stop();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (node.state == GRANTED) {
            if (ctx.err() == null) {
                return;
            }
            release(node.n); // the context ended as we were granted: fail consistently
        } else if (withdrawn) {
            throw new GoroutineInterruptedException();
        }
        ContextException e = ctx.err();
        throw e != null ? e : Context.CANCELED;
    }

    /**
     * Acquires {@code n} permits if they are free and nobody is waiting; never blocks.
     *
     * @throws IllegalArgumentException if n is negative
     */
    public boolean tryAcquire(long n) {
        checkWeight(n);
        lock.lock();
        try {
            if (size - cur >= n && head == null) {
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

    /** Cancels a waiting node; false if it had already been granted or cancelled. */
    private boolean abandon(Node node) {
        List<Node> granted = null;
        lock.lock();
        try {
            if (node.state != WAITING) {
                return false;
            }
            boolean wasHead = head == node;
            if (node.queued) {
                unlink(node);
            }
            node.state = CANCELLED;
            if (wasHead) {
                granted = grantLocked();
            }
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(node.thread);
        wake(granted);
        return true;
    }

    /** Under the lock: grants queued nodes from the head while the head fits (restores I3). */
    private List<Node> grantLocked() {
        List<Node> granted = null;
        for (Node w = head; w != null && size - cur >= w.n; w = head) {
            cur += w.n;
            unlink(w);
            w.state = GRANTED;
            if (granted == null) {
                granted = new ArrayList<>(2);
            }
            granted.add(w);
        }
        return granted;
    }

    private static void wake(List<Node> nodes) {
        if (nodes != null) {
            for (Node w : nodes) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    private void enqueue(Node w) {
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        w.queued = true;
    }

    private void unlink(Node w) {
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
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
            for (Node w = head; w != null; w = w.next) {
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
