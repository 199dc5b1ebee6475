package io.gmp4j.sync;

import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.park.Park;
import io.gmp4j.internal.park.Parked;
import io.gmp4j.internal.park.WaitList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a function exactly once (Go's {@code sync.Once}).
 *
 * <pre>{@code
 * private final Once init = new Once();
 *
 * Config config() {
 *     init.run(() -> config = load());   // every caller sees the loaded config
 *     return config;
 * }
 * }</pre>
 *
 * <p>Contract (Go's): of all calls of {@link #run}, only the first calls its function, even if
 * later calls pass different functions. No call returns before that function has returned, and
 * its return happens-before every call of {@code run} returns; concurrent callers block meanwhile
 * (wait reason "sync.Mutex.Lock", as Go's {@code Once.Do} shows). <b>If the function throws</b>,
 * the exception goes to the caller that ran it and the Once still counts as done: later calls do
 * nothing and do not rethrow (Go: "if f panics, Do considers it to have returned"). Use
 * {@link OnceValue} to have the failure seen by every caller. Calling {@code run} on the same Once
 * from inside its own function would deadlock in Go; here it throws
 * {@link IllegalStateException}. A caller interrupted while blocked throws
 * {@link GoroutineInterruptedException} (interrupt status kept), having neither run the function
 * nor waited for it.
 *
 * <p>Cost: after the first call, {@code run} is one volatile read.
 */
public final class Once {
    /*
     * Implementation notes (after Go's sync/once.go; the waiting is gmp4j's one park path).
     *
     * `state` goes NOT_RUN -> RUNNING -> DONE, each move under `lock`; `runner` is the thread of
     * the call that runs f (set with RUNNING). Fast path: DONE is written (volatile) only after f
     * returned or threw, so reading DONE makes f's effects visible. Slow path, under the lock: a
     * NOT_RUN Once becomes RUNNING and its caller runs f outside the lock; a RUNNING Once queues the
     * caller's node (the park path's Parked), which parks with Go's wait reason "sync.Mutex.Lock"
     * (what a goroutine blocked in Go's Once.Do shows). The runner, once f is over, sets DONE and
     * claims and completes every queued node under the lock, then wakes them. A waiter
     * interrupted first claims its own node and leaves the queue (Node.withdrawn); the claim makes
     * exactly one of "released" and "withdrawn" happen. A call from inside f (runner == the
     * caller's thread) would wait for itself: it throws instead.
     */
    private static final int NOT_RUN = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private volatile int state;
    private @Nullable Thread runner;                        // guarded by lock
    private final ReentrantLock lock = new ReentrantLock(); // never held while f runs or a waiter parks
    private final WaitList<Node> queue = new WaitList<>();  // guarded by lock
    private volatile @Nullable WaitTarget waitTarget;

    /** A Once whose function has not run yet. */
    public Once() {
    }

    /** A caller waiting for the first call to finish. */
    private final class Node extends Parked {
        Node() {
            super(Thread.currentThread());
        }

        @Override
        protected void withdrawn() {
            lock.lock();
            try {
                queue.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Calls {@code f} if and only if this is the first call of {@code run} on this Once; otherwise
     * waits until the first call has finished.
     *
     * @param f the function, run only if this is the first call
     * @throws IllegalStateException         if called from inside the function being run
     * @throws GoroutineInterruptedException if interrupted while waiting for the first call
     */
    public void run(Runnable f) {
        Objects.requireNonNull(f, "f");
        if (state != DONE) {
            runSlow(f);
        }
    }

    private void runSlow(Runnable f) {
        Node node;
        lock.lock();
        try {
            switch (state) {
                case DONE -> {
                    return;
                }
                case NOT_RUN -> {
                    state = RUNNING;
                    runner = Thread.currentThread();
                    node = null;
                }
                default -> {
                    if (runner == Thread.currentThread()) {
                        throw new IllegalStateException("sync: Once.run called from inside its own function");
                    }
                    node = new Node();
                    queue.add(node);
                }
            }
        } finally {
            lock.unlock();
        }
        if (node == null) {
            try {
                f.run();
            } finally {
                finish();
            }
        } else if (Park.await(node, this, "sync.Mutex.Lock", waitTarget()) == Park.Woken.INTERRUPTED) {
            throw new GoroutineInterruptedException();
        }
    }

    /** The runner, after f returned or threw: DONE, and every waiter released. */
    private void finish() {
        List<Node> released = new ArrayList<>();
        lock.lock();
        try {
            state = DONE;
            runner = null;
            for (Node n; (n = queue.pollClaimed()) != null; ) {
                n.complete();
                released.add(n);
            }
        } finally {
            lock.unlock();
        }
        for (Node n : released) {
            n.wake();
        }
    }

    private WaitTarget waitTarget() {
        WaitTarget t = waitTarget;
        if (t == null) {
            waitTarget = t = WaitTarget.of(this, "sync.Once", null, null);
        }
        return t;
    }

    @Override
    public String toString() {
        return "Once[" + (state == DONE ? "done" : "not done") + "]";
    }
}
