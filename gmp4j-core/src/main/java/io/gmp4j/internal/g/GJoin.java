package io.gmp4j.internal.g;

import io.gmp4j.CreationSite;
import io.gmp4j.GoroutineInterruptedException;
import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine's ending and joining: {@code dead} once it has ended, {@code collected} once the GC
 * proved it leaked, and the goroutines waiting in {@link #join} until either happens.
 */
abstract class GJoin extends GWait {
    /*
     * Implementation notes. `joiners` is a Treiber stack of parked joiners, or DONE once the
     * goroutine is dead. markDead (its ending: G.finish on the carrier, or the thread itself in
     * the JDK-scheduler fallback) sets `dead`, clears the weak reference, swaps in DONE and
     * unparks every node it took; a joiner that pushes after the swap fails its CAS and sees DONE.
     * A proven leak never reaches DONE: markCollected sets `collected` (CAS) and then unparks the
     * nodes present, without a swap; a joiner checks `collected` before each park, so one that
     * pushed after that unpark loop still sees the flag, and every joiner throws instead of
     * waiting for ever. Joiner nodes hold the joiners' threads, so a goroutine that joins a leaked
     * one stays reachable until then, and is freed by this too.
     */
    private static final Object DONE = new Object();
    private static final VarHandle JOINERS;
    private static final VarHandle COLLECTED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            JOINERS = l.findVarHandle(GJoin.class, "joiners", Object.class);
            COLLECTED = l.findVarHandle(GJoin.class, "collected", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean dead;
    /** Set once (CAS) by whoever first finds the thread collected while blocked: the reaper or a sweep. */
    private volatile boolean collected;
    private volatile @Nullable Object joiners;

    GJoin(Thread thread, long id, @Nullable String name, CreationSite site, Map<String, String> labels, boolean locked,
          @Nullable Object origin, boolean adopted, boolean system) {
        super(thread, id, name, site, labels, locked, origin, adopted, system);
    }

    @Override
    public final boolean isDead() {
        return dead;
    }

    /** True once the GC has collected the goroutine's thread while it was blocked (a proven leak). */
    @Override
    public final boolean isCollected() {
        return collected;
    }

    /** The goroutine's ending, as its very last action: marks it dead and wakes every joiner. */
    public final void markDead() {
        dead = true;
        clear(); // a finished goroutine is never reported by the leak detector's reference queue
        Object top = JOINERS.getAndSet(this, DONE);
        for (Object n = top; n instanceof Joiner j; n = j.next) {
            LockSupport.unpark(j.thread);
        }
    }

    /**
     * Claims the report of this proven leak: true for exactly one caller (reaper or sweep), which
     * also wakes the goroutine's joiners: it will never end, and {@link #join} says so rather than
     * wait for ever. (A joiner that pushes itself after this sees `collected` before it parks.)
     */
    final boolean markCollected() {
        if (!COLLECTED.compareAndSet(this, false, true)) {
            return false;
        }
        for (Object n = joiners; n instanceof Joiner j; n = j.next) {
            LockSupport.unpark(j.thread);
        }
        return true;
    }

    private IllegalStateException neverEnds() {
        String r = gmp4jWaitReason();
        return new IllegalStateException("goroutine " + id() + " will never end: the GC collected it while it was blocked"
                + (r != null ? " (" + r + ")" : "") + ", a proven leak (see io.gmp4j.diag.LeakDetector)");
    }

    @Override
    public final void join() {
        if (!join(-1L)) {
            throw new AssertionError("untimed join returned early");
        }
    }

    @Override
    public final boolean join(Duration timeout) {
        return join(Math.max(0L, timeout.toNanos()));
    }

    private boolean join(long timeoutNanos) {
        if (dead) {
            return true;
        }
        if (collected) {
            throw neverEnds();
        }
        if (timeoutNanos == 0) {
            return false;
        }
        Joiner me = new Joiner(Thread.currentThread());
        for (;;) {
            Object top = joiners;
            if (top == DONE) {
                return true;
            }
            me.next = top;
            if (JOINERS.compareAndSet(this, top, me)) {
                break;
            }
        }
        long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        while (!dead) {
            if (collected) {
                throw neverEnds();
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new GoroutineInterruptedException();
            }
            if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return dead; // our node stays in the stack; markDead will unpark a finished thread, harmlessly
                }
                LockSupport.parkNanos(this, left);
            }
        }
        return true;
    }

    private static final class Joiner {
        final Thread thread;
        @Nullable Object next;

        Joiner(Thread thread) {
            this.thread = thread;
        }
    }
}
