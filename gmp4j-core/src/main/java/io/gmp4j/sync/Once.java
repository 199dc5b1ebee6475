package io.gmp4j.sync;

import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.WaitTarget;
import io.gmp4j.internal.runtime.GoRuntime;

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
     * Implementation notes (after Go's sync/once.go).
     *
     * Fast path: `done` is volatile and written only after f returned (or threw), so reading
     * true makes f's effects visible. Slow path: the lock serialises the callers that saw false;
     * the first to get it runs f and sets `done` in a finally block; the others find `done` set
     * once they get the lock. `done` never goes back to false. A recursive call is detected with
     * isHeldByCurrentThread: the ReentrantLock would otherwise let it re-enter and run f twice.
     * Waiting callers park in the lock (virtual threads unmount); the wait reason is set only when
     * the lock is contended.
     */
    private volatile boolean done;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Calls {@code f} if and only if this is the first call of {@code run} on this Once; otherwise
     * waits until the first call has finished.
     *
     * @throws IllegalStateException         if called from inside the function being run
     * @throws GoroutineInterruptedException if interrupted while waiting for the first call
     */
    public void run(Runnable f) {
        Objects.requireNonNull(f, "f");
        if (!done) {
            runSlow(f);
        }
    }

    private void runSlow(Runnable f) {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("sync: Once.run called from inside its own function");
        }
        lock(lock, this);
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Locks interruptibly; while contended the goroutine's wait reason is Go's "sync.Mutex.Lock". */
    static void lock(ReentrantLock lock, Object waitingOn) {
        if (lock.tryLock()) {
            return;
        }
        G g = GoRuntime.get().current();
        if (g != null) {
            // Contended only (rare): a target per wait is cheap enough here.
            g.beginWait("sync.Mutex.Lock", WaitTarget.of(waitingOn, "sync.Once", null, null));
        }
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoroutineInterruptedException(e);
        } finally {
            if (g != null) {
                g.endWait();
            }
        }
    }

    @Override
    public String toString() {
        return "Once[" + (done ? "done" : "not done") + "]";
    }
}
