package io.gmp4j.sync;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.park.Park;
import io.gmp4j.internal.park.Parked;
import io.gmp4j.internal.park.WaitList;
import io.gmp4j.internal.runtime.GoRuntime;
import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waits for a collection of goroutines to finish (Go's {@code sync.WaitGroup}).
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (String url : urls) {
 *     wg.go(() -> fetch(url));     // Go 1.25's wg.Go: add(1), run in a goroutine, done()
 * }
 * wg.await();                      // Go's wg.Wait()
 * }</pre>
 *
 * <p>Contract (Go's): {@link #add} changes a counter; {@link #await} blocks until the counter is
 * zero, and returns at once if it already is. Every {@code done()} (and every {@code add}) that
 * brought the counter to zero happens-before the {@code await} calls it released return. A call
 * that would make the counter negative throws {@code IllegalStateException("sync: negative
 * WaitGroup counter")} and leaves the counter unchanged. A WaitGroup may be reused once every
 * {@code await} of the previous round has returned; calls of {@code add} with a positive delta
 * while the counter is zero should happen before {@code await}, as in Go. While blocked, a
 * goroutine's wait reason is "sync.WaitGroup.Wait" and it waits on this WaitGroup. An interrupted
 * waiter throws {@link GoroutineInterruptedException} (interrupt status kept); if the counter
 * reached zero at the same time it returns normally instead, keeping its interrupt status.
 *
 * <p>Cost: {@code add}/{@code done} are one CAS while nobody waits; the lock is taken only to
 * register a waiter and by the {@code done()} that releases waiters.
 */
public final class WaitGroup {
    /*
     * Implementation notes (after Go's sync/waitgroup.go; our own code).
     *
     * `state` packs the counter (high 32 bits, >= 0) and the number of registered waiters (low 32
     * bits), like Go's state word, so that "counter reaches zero" and "which waiters does that
     * release" are decided by one CAS. The waiters themselves sit in `queue`, guarded by `lock`.
     *
     * Invariants (whenever `lock` is free):
     *   I1  queue.size() == waiters(state);
     *   I2  waiters(state) > 0 implies counter(state) > 0.
     * Only code holding the lock changes the waiter count: await registers (CAS w+1, append node),
     * an interrupted waiter deregisters (CAS w-1, remove its node), and the release CAS sets the
     * whole word to 0 and takes every node. CASes outside the lock change only the counter, and
     * only when the new counter is > 0 or no one waits; a transition to zero with waiters present
     * is always done under the lock (slow path). Hence I1 and I2.
     *
     * Why nothing is lost: a waiter registers only after seeing counter > 0 in the same CAS; the
     * transition to zero that follows must take the lock, which the waiter released only after
     * appending its node, so that transition finds and releases the node. A node is the park
     * path's Parked (internal.park): the release claims and completes every node under the lock
     * and wakes them after unlocking; an interrupted waiter claims its own node in Park instead,
     * and Node.withdrawn then removes it and gives back its registration under the lock, unless a
     * release has already taken the node off the queue (its registration then went with the
     * release's CAS to zero). The claim makes exactly one of "released" and "withdrawn" happen,
     * and I1 holds whenever the lock is free: a node leaves the queue exactly when its
     * registration leaves the count, both under the lock.
     *
     * Rejected: a Condition with a generation number (every done() would take the lock), and
     * a j.u.c.Semaphore per round as in Go (an interrupted waiter cannot safely give back its
     * registration once a release has counted it).
     */
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long state;
    private final ReentrantLock lock = new ReentrantLock();
    /** Where it was made ({@code -Dgmp4j.creationSite=stack} only) and, once waited on, its target. */
    private final @Nullable StackTraceElement createdAt = GoRuntime.primitiveSite();
    private volatile @Nullable WaitTarget waitTarget;
    private final WaitList<Node> queue = new WaitList<>(); // guarded by lock

    /** A WaitGroup whose counter is zero. */
    public WaitGroup() {
    }

    /** A waiting {@code await}: the park path's node, owned by this WaitGroup. */
    private final class Node extends Parked {
        Node() {
            super(Thread.currentThread());
        }

        /** Interrupted and withdrawn: leaves the queue and gives back its registration. */
        @Override
        protected void withdrawn() {
            withdraw(this);
        }
    }

    private static long counter(long s) {
        return s >>> 32;
    }

    private static int waiters(long s) {
        return (int) s;
    }

    /**
     * Adds {@code delta} (possibly negative) to the counter; at zero, releases every waiter.
     *
     * @param delta what to add
     * @throws IllegalStateException if the counter would become negative (it is left unchanged)
     *                               or exceed {@link Integer#MAX_VALUE}
     */
    public void add(int delta) {
        for (;;) {
            long s = state;
            long v = counter(s) + delta;
            if (v < 0) {
                throw new IllegalStateException("sync: negative WaitGroup counter");
            }
            if (v > Integer.MAX_VALUE) {
                throw new IllegalStateException("sync: WaitGroup counter overflow");
            }
            int w = waiters(s);
            if (v > 0 || w == 0) {
                if (STATE.compareAndSet(this, s, (v << 32) | w)) {
                    return;
                }
            } else if (releaseAll(s)) {
                return;
            }
        }
    }

    /** Decrements the counter by one (Go's {@code wg.Done()}). */
    public void done() {
        add(-1);
    }

    /** Slow path: the counter goes from its value in {@code s} to zero and waiters are released. */
    private boolean releaseAll(long s) {
        List<Node> nodes = new ArrayList<>(waiters(s));
        lock.lock();
        try {
            if (!STATE.compareAndSet(this, s, 0L)) {
                return false;
            }
            // Every registration ends here (the CAS zeroed them all); a node whose waiter has
            // just claimed it itself (interrupt) is dropped too, and its withdraw finds it gone.
            for (Node n; (n = queue.pollClaimed()) != null; ) {
                n.complete();
                nodes.add(n);
            }
        } finally {
            lock.unlock();
        }
        for (Node n : nodes) {
            n.wake();
        }
        return true;
    }

    /**
     * Blocks until the counter is zero (Go's {@code wg.Wait()}).
     *
     * @throws GoroutineInterruptedException if interrupted while blocked
     */
    public void await() {
        if (counter(state) == 0) {
            return;
        }
        Node node = new Node();
        lock.lock();
        try {
            for (;;) {
                long s = state;
                if (counter(s) == 0) {
                    return;
                }
                if (STATE.compareAndSet(this, s, s + 1)) {
                    break;
                }
            }
            queue.add(node);
        } finally {
            lock.unlock();
        }
        WaitTarget t = waitTarget;
        if (t == null) {
            waitTarget = t = WaitTarget.of(this, "sync.WaitGroup", null, createdAt);
        }
        if (Park.await(node, this, "sync.WaitGroup.Wait", t) == Park.Woken.INTERRUPTED) {
            throw new GoroutineInterruptedException();
        }
    }

    /**
     * Node.withdrawn: an interrupted waiter that won its own claim leaves and gives back its
     * registration, unless a release already took it off the queue (and zeroed every registration).
     */
    private void withdraw(Node node) {
        lock.lock();
        try {
            if (!queue.remove(node)) {
                return;
            }
            for (;;) {
                long s = state; // waiters(s) >= 1: our node was queued (I1)
                if (STATE.compareAndSet(this, s, s - 1)) {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Go 1.25's {@code wg.Go(f)}: adds one, starts {@code task} in a new goroutine and calls
     * {@link #done()} when it returns or throws. An exception still escapes the goroutine to the
     * uncaught handler ({@link Go#setUncaughtHandler}), after {@code done()}; so {@code await()}
     * may return before the handler has run.
     *
     * @param task what the goroutine runs
     * @return the goroutine
     */
    public Goroutine go(Runnable task) {
        Objects.requireNonNull(task, "task");
        add(1);
        try {
            return Go.go(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException | Error e) {
            done(); // the goroutine was not started
            throw e;
        }
    }

    @Override
    public String toString() {
        long s = state;
        return "WaitGroup[counter=" + counter(s) + ", waiters=" + waiters(s) + "]";
    }
}
