package io.gmp4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Who commits a blocked operation, and when its result may be read (Go's
 * {@code g.selectDone} plus {@code sudog.success}).
 *
 * <p>States: WAITING → CLAIMED → DONE. Exactly one party moves WAITING → CLAIMED with a CAS:
 * a counterpart under the channel's lock (a sender for a waiting receiver, a receiver for a
 * waiting sender, or close), or the blocked goroutine itself (timeout, interrupt). The
 * claimer writes the result (which waiter fired, the item, whether by close) and then moves to
 * DONE with a release store; the blocked goroutine reads the result only after seeing DONE
 * (acquire), or after claiming itself.
 */
class Outcome {
    static final int WAITING = 0;
    static final int CLAIMED = 1;
    static final int DONE = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Outcome.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    @SuppressWarnings("unused") private volatile int state;
    /** The waiter that fired; written by the claimer before DONE. */
    Waiter fired;

    Outcome(Thread thread) {
        this.thread = thread;
    }

    boolean tryClaim() {
        return STATE.compareAndSet(this, WAITING, CLAIMED);
    }

    /** Claimer: publishes the result. The caller unparks {@link #thread} (after unlocking). */
    void complete(Waiter w) {
        fired = w;
        STATE.setRelease(this, DONE);
    }

    boolean isDone() {
        return (int) STATE.getAcquire(this) == DONE;
    }

    void wake() {
        LockSupport.unpark(thread);
    }
}
