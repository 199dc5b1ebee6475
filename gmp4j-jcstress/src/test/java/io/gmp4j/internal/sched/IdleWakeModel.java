package io.gmp4j.internal.sched;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of {@link GmpScheduler} that the no-lost-wake-up handshake (its note 3) runs on, with
 * the same classes and access modes, small enough to build per jcstress sample (a GmpScheduler
 * makes a sysmon thread, which its first M starts). Each method mirrors the scheduler's lines it is
 * named for.
 */
final class IdleWakeModel {
    /*
     * Field by field against GmpScheduler (as of 5f8ee3e):
     *   global      final GlobalRunQueue global = new GlobalRunQueue();            same class
     *   idleLock    private final SpinLock idleLock = new SpinLock();               same class
     *   npidle      private volatile int npidle; // written under idleLock          same mode
     *   nmspinning  private final AtomicInteger nmspinning = new AtomicInteger();   same class
     *   allp        private final P[] allp;                                         real P's
     *   idlePs      stands for idleP (an ArrayDeque<P> guarded by idleLock): its size
     * idleM is left out: goIdle pushes the M there only after the re-check.
     */
    final GlobalRunQueue global = new GlobalRunQueue();
    final SpinLock idleLock = new SpinLock();
    volatile int npidle;
    final AtomicInteger nmspinning;
    final P[] allp;
    /** Guarded by idleLock. */
    int idlePs;

    /**
     * @param spinning M's spinning to begin with (nmspinning)
     * @param allp     every P; all start owned (none idle)
     */
    IdleWakeModel(int spinning, P... allp) {
        this.nmspinning = new AtomicInteger(spinning);
        this.allp = allp;
    }

    /**
     * wakep()'s test, verbatim: true when it goes on to take an idle P and start a spinning M.
     * <pre>if (npidle == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) return;</pre>
     */
    boolean wakep() {
        return !(npidle == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1));
    }

    /**
     * goIdle()'s publication of the P it gives up:
     * <pre>idleLock.lock(); try { idleP.push(p); npidle = idleP.size(); } finally { idleLock.unlock(); }</pre>
     */
    void publishIdleP() {
        idleLock.lock();
        try {
            idlePs++;
            npidle = idlePs;
        } finally {
            idleLock.unlock();
        }
    }

    /** dropSpinning(m) for an M that was spinning: {@code m.spinning = false; nmspinning.decrementAndGet();} */
    void dropSpinning() {
        nmspinning.decrementAndGet();
    }

    /** hasWorkAnywhere(), verbatim. */
    boolean hasWorkAnywhere() {
        if (!global.isEmpty()) {
            return true;
        }
        for (P p : allp) {
            if (!p.runq.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
