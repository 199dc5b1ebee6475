package io.gmp4j.internal.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The system monitor (Go's {@code sysmon}): a daemon platform thread that watches every P.
 * It hands a P off from an M stuck in one task for longer than the hand-off threshold while work
 * is queued behind it, asks a P whose runnext chain has run a whole time slice to yield to queued
 * work, and keeps a coarse clock for the scheduler.
 */
final class Sysmon extends Thread {
    /*
     * Implementation notes. Go's sysmon sleeps 20 µs, doubling to 10 ms when idle; its retake()
     * compares p.schedtick / p.syscalltick with the values it saw last time. We do the same with
     * the M's dispatch counter (moves on every dispatch: an unchanged counter with a current task
     * means one task has run since we last saw it move) and the P's schedtick (moves on every
     * dispatch except runnext ones: unchanged while the dispatch counter moves means a runnext chain
     * is running on inherited time). All fields of P named seen* are this thread's alone. Sleeping
     * is adaptive: the configured period while any P is owned, up to 20 ms when all are idle.
     * When sysmon itself was not running for longer than half the hand-off threshold (a GC pause
     * stops it as well as the M's), it forgets its observations instead of taking the pause for a
     * stuck M: otherwise every long GC pause would trigger spurious hand-offs (seen in skynet).
     * Sysmon starts with the first M (GmpScheduler.startM) and makes its system-call view as it
     * starts: neither has anything to do before a goroutine runs, and both would otherwise sit on
     * the first goroutine's path (GoRuntime's cold-start notes).
     * The hand-off itself is GmpScheduler.handoff (note 4 there).
     */
    private static final int LOG_CAPACITY = 256;
    private static final long IDLE_PERIOD_NANOS = 20_000_000L;

    private final GmpScheduler sched;
    private final SchedConfig config;
    private volatile long now = System.nanoTime();
    private final ArrayDeque<GmpScheduler.Handoff> log = new ArrayDeque<>(); // guarded by itself
    /**
     * Made by sysmon as it starts (off the first goroutine's path: see GoRuntime's cold-start
     * notes); volatile for inSyscall, which any thread may call. Null until then: nothing can be
     * in a system call sysmon noticed before sysmon runs.
     */
    private volatile Syscalls syscalls;

    Sysmon(GmpScheduler sched, SchedConfig config) {
        super(null, null, "gmp4j-sysmon", 256 * 1024, false);
        this.sched = sched;
        this.config = config;
        setDaemon(true);
    }

    /** A clock that is at most one sysmon period behind System.nanoTime(). */
    long now() {
        return now;
    }

    /** Moves the clock to now: the scheduler, just before sysmon starts (it was made earlier). */
    void tick() {
        now = System.nanoTime();
    }

    @Override
    public void run() {
        Syscalls syscalls = new Syscalls();
        this.syscalls = syscalls;
        long period = config.sysmonPeriodNanos();
        long last = System.nanoTime();
        for (;;) {
            long t = System.nanoTime();
            now = t;
            if (t - last > period + config.handoffNanos() / 2) {
                // We were not running (a GC pause, a safepoint, the OS): what we saw before the gap
                // says nothing about how long a task has run since. Start observing afresh.
                for (P p : sched.allp()) {
                    p.seenDispatchAt = t;
                    p.seenSchedtickAt = t;
                }
            }
            last = t;
            boolean anyBusy = false;
            for (P p : sched.allp()) {
                anyBusy |= watch(p, t, syscalls);
            }
            syscalls.prune();
            period = anyBusy ? config.sysmonPeriodNanos() : Math.min(IDLE_PERIOD_NANOS, period * 2);
            LockSupport.parkNanos(this, period);
        }
    }

    private boolean watch(P p, long t, Syscalls syscalls) {
        M m = p.owner;
        if (m == null) {
            p.seenDispatchAt = t;
            p.seenSchedtickAt = t;
            return false;
        }
        long seq = m.dispatchSeq();
        GTask cur = m.curTask();
        if (seq != p.seenDispatchSeq || cur == null) {
            p.seenDispatchSeq = seq;
            p.seenDispatchAt = t;
        } else if (t - p.seenDispatchAt < config.handoffNanos()) {
            sched.nudge(p); // one task for a period: let an idle P take what waits behind it
            if (2 * (t - p.seenDispatchAt) >= config.handoffNanos()) {
                syscalls.observe(p, m, seq, t);
            }
        } else {
            boolean syscall = syscalls.classify(p, m, cur, seq, t, config.handoffNanos());
            if (sched.hasQueuedWork(p)) {
                long startedAt = m.taskStartedAt;
                if (sched.handoff(p, m, seq)) {
                    record(new GmpScheduler.Handoff(cur.g.id(), cur.g.name(), p.id, t - startedAt,
                            System.currentTimeMillis(), syscall));
                }
                p.seenDispatchAt = t;
                return true;
            }
        }
        long tick = p.schedtick; // racy read of the owner's counter
        if (tick != p.seenSchedtick) {
            p.seenSchedtick = tick;
            p.seenSchedtickAt = t;
        } else if (t - p.seenSchedtickAt >= config.timesliceNanos() && seq != p.seenDispatchSeqAtTick
                && (!sched.global.isEmpty() || p.runq.size() > (p.runq.hasNext() ? 1 : 0))) {
            p.preempt = true;
            p.seenSchedtickAt = t;
        }
        p.seenDispatchSeqAtTick = seq;
        return true;
    }

    private void record(GmpScheduler.Handoff h) {
        synchronized (log) {
            if (log.size() == LOG_CAPACITY) {
                log.pollFirst();
            }
            log.addLast(h);
        }
    }

    /** Whether sysmon found this running goroutine stuck in a system call (any thread). */
    boolean inSyscall(io.gmp4j.internal.g.G g) {
        Syscalls s = syscalls;
        return s != null && s.inSyscall(g);
    }

    List<GmpScheduler.Handoff> handoffLog() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }
}
