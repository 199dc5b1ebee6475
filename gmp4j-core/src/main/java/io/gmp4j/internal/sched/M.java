package io.gmp4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A machine (Go's {@code m}): a carrier platform thread that runs goroutines while it holds a P.
 * There may be more M's than P's while some are stuck in a long task (sysmon has handed their P
 * to a spare M); an M without a P parks on the scheduler's idle list.
 */
final class M extends Thread {
    /*
     * Implementation notes. Fields and who touches them:
     *   p, spinning         this M only (the scheduling loop and the goroutines it runs, which
     *                       execute on this thread);
     *   nextP               written by a waker or sysmon after it set p.owner = this, then unpark;
     *                       the M consumes it in awaitP (volatile: the write happens-before the read);
     *   busy                this M writes, sysmon reads: the M's half of the Dekker handshake that
     *                       keeps a P's ring single-owner during a hand-off (GmpScheduler note 4).
     *                       Setting it is a volatile store (the Dekker store that must precede the
     *                       owner check); clearing it is a release store (notBusy): sysmon only needs
     *                       the M's accesses to happen-before it reads false, and a fence per clear
     *                       cost ~4 fences per W1 round trip;
     *   taskStartedAt       this M writes with release, sysmon reads (a coarse timestamp);
     *   curTask, dispatchSeq  this M writes with release, sysmon and yield detection read with
     *                       acquire; a racy read only delays a hand-off by one sysmon period.
     * awaitP loops on nextP, so spurious unparks and an unpark that precedes the park are harmless.
     */
    private static final VarHandle CUR_TASK;
    private static final VarHandle DISPATCH_SEQ;
    private static final VarHandle BUSY;
    private static final VarHandle TASK_STARTED_AT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CUR_TASK = l.findVarHandle(M.class, "curTask", GTask.class);
            DISPATCH_SEQ = l.findVarHandle(M.class, "dispatchSeq", long.class);
            BUSY = l.findVarHandle(M.class, "busy", boolean.class);
            TASK_STARTED_AT = l.findVarHandle(M.class, "taskStartedAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final GmpScheduler sched;
    final int mid;

    /** The P this M believes it holds. Read and written by this M only. */
    P p;
    /** A P handed to this parked M by a waker or by sysmon; consumed by the M. */
    volatile P nextP;
    /**
     * Dekker flag with sysmon's hand-off: true while this M touches its P's owner-only state
     * outside a goroutine (scheduling) or pushes to it from inside one. See GmpScheduler's notes.
     */
    volatile boolean busy;
    /** True while this M looks for work to steal (counted in sched.nmspinning). M only. */
    boolean spinning;

    /** The goroutine running on this M, or null. Written by the M (release), read by sysmon (acquire). */
    @SuppressWarnings("unused") private GTask curTask;
    /** Incremented by the M per dispatch (release); sysmon samples it to find long-running tasks. */
    @SuppressWarnings("unused") private long dispatchSeq;
    /** When the current task started, as sysmon's coarse clock saw it (M writes, sysmon reads). */
    volatile long taskStartedAt;

    M(GmpScheduler sched, int mid) {
        // concat, not '+': the first indy string concatenation of a JVM links StringConcatFactory,
        // and the first M starts on the first goroutine's path (GoRuntime's cold-start notes).
        super(null, null, "gmp4j-M".concat(Integer.toString(mid)), 256 * 1024, false);
        this.sched = sched;
        this.mid = mid;
        setDaemon(true);
    }

    @Override
    public void run() {
        sched.schedule(this);
    }

    GTask curTask() {
        return (GTask) CUR_TASK.getAcquire(this);
    }

    void setCurTask(GTask t) {
        CUR_TASK.setRelease(this, t);
    }

    /** Clears busy with a release store (see the notes). */
    void notBusy() {
        BUSY.setRelease(this, false);
    }

    void taskStarted(long at) {
        TASK_STARTED_AT.setRelease(this, at);
    }

    long dispatchSeq() {
        return (long) DISPATCH_SEQ.getAcquire(this);
    }

    void nextDispatch() {
        DISPATCH_SEQ.setRelease(this, (long) DISPATCH_SEQ.get(this) + 1);
    }

    /** Parks until a waker or sysmon hands this M a P. */
    P awaitP() {
        P given;
        while ((given = nextP) == null) {
            LockSupport.park(this);
        }
        nextP = null;
        return given;
    }

    /** Gives this (parked or new) M a P that is already marked as owned by it. */
    void handP(P given) {
        nextP = given;
        LockSupport.unpark(this);
    }
}
