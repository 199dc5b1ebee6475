package io.gmp4j.internal.sched;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test-and-test-and-set spin lock for the scheduler's idle lists, whose critical sections are a
 * push or a poll on a small deque.
 *
 * <p>Why not a monitor or a ReentrantLock: goroutines take this lock too (wakep runs on whoever
 * readies a goroutine), and a virtual thread that blocks on a monitor or a j.u.c lock unmounts and
 * is later resubmitted through our own scheduler. If it unmounts inside wakep, it holds wakep's
 * spinning token (nmspinning) while unmounted, so its own resubmission's wakep sees a spinner and
 * wakes nobody: a lost wake-up (seen: W1 hung with every M idle and the goroutine runnable).
 * A spinning waiter stays mounted, so the token is always released by a running thread.
 */
final class SpinLock {
    /*
     * Implementation notes. lock: read until free (no cache-line traffic while held), then CAS
     * false -> true; unlock: volatile store false. The CAS and the store give the acquire and
     * release edges that publish the guarded data. Holders never park or block inside, and
     * critical sections are a few dozen instructions, so waiting is bounded by them (or by the OS
     * descheduling a holder, which onSpinWait tolerates).
     */
    private final AtomicBoolean held = new AtomicBoolean();

    void lock() {
        while (held.get() || !held.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
    }

    void unlock() {
        held.set(false);
    }
}
