package io.gmp4j.internal.sched;

import io.gmp4j.internal.g.G;

import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gmp4j's GMP scheduler: runs goroutines' virtual threads on M's (carrier platform threads) that
 * hold P's (processors with local run queues), after Go's {@code runtime/proc.go}.
 *
 * <p>Contract: every task handed to {@link #ready} is run exactly once per hand-off, by some M
 * holding some P; no runnable goroutine waits forever while a P is idle (no lost wake-ups); a
 * goroutine queued behind a task that runs longer than the hand-off threshold gets a P within
 * about that threshold plus a sysmon period.
 */
public final class GmpScheduler {
    /*
     * Implementation notes (numbers refer to Go's runtime/proc.go, go1.22).
     *
     * 1. Where a runnable goroutine goes (ready, cf. goready/runqput). A wake-up issued by a
     *    goroutine running on one of our M's goes to that M's P: into runnext, the displaced
     *    runnext to the local tail, a full local ring spills half of itself plus the new one to the
     *    global queue (runqputslow). A goroutine re-submitting itself (Thread.yield, or a park that
     *    raced with its unpark) goes to the local tail so that it does not run again at once. Any
     *    other wake-up (another thread, the JDK's timer threads and poller) goes to the global queue.
     *    Every ready ends with wakep, except one that leaves the woken goroutine alone in runnext
     *    with an empty ring: the waker is usually about to block (a channel hand-off), and waking
     *    an idle P there only makes it spin, fail, park and be woken again, a futex call on each
     *    side per cycle, plus a core spinning beside the one doing the work. Go wakes eagerly; we
     *    measured W1 (unbuffered ping-pong, 2 P's) at ~1.75 µs per round trip that way and ~0.95 µs
     *    lazily. If the waker does not block, sysmon notices within a period (its dispatch counter
     *    has not moved while runnext waits and a P is idle) and calls wakep, whose spinner steals
     *    runnext from the stalled P; a second wake-up displaces the first into the ring and wakes
     *    at once.
     *
     * 2. Finding work (findRunnable, cf. findRunnable): every 61st tick one goroutine from the
     *    global queue (fairness), then runnext (inherits the time slice: no tick), then the local
     *    ring, then a batch from the global queue (globrunqget), then stealing: four passes over
     *    the P's in random order, stealing half of a victim's ring, and its runnext on the last
     *    pass only, after a 3 µs back-off and only if the victim has not dispatched meanwhile (Go
     *    steals it if it is still the same goroutine; ours leaves a P that is making progress
     *    alone, which keeps ping-pong pairs on one P). A spinning M that found nothing keeps
     *    looking for 20 µs (Go's spinning M's also make several rounds) before the P goes idle and
     *    the M parks: a park and a wake cost a futex call each, and the waker pays its share on
     *    the critical path. In W1 (channel ping-pong, 2 P's) these two rules cut parks 3x and
     *    steals 3.5x and the round trip from ~2.1 µs to ~1.4 µs (a loaded machine).
     *
     * 3. No lost wake-ups (cf. the "delicate dance" in findRunnable and wakep). Producers: push,
     *    then wakep reads npidle and nmspinning; if some P is idle and no M is spinning, it takes
     *    an idle P and wakes an M to spin on it. Consumers going idle: publish the idle P (volatile
     *    npidle), drop spinning, then re-check the global queue and every local queue; if anything
     *    is there, take an idle P back. For work pushed to the global queue (a CAS) or into
     *    runnext (a swap), both sides are sequentially consistent, so either the producer sees the
     *    idle P and no spinner, or the consumer sees the work (gmp4j-jcstress:
     *    NoLostWakeupHandshake and its spinner variant, each with a weakened twin that fails).
     *    Work offered to the producer's own local ring is published with a release store only,
     *    which the following load of npidle may pass (gmp4j-jcstress's NoLostWakeupLocalOffer
     *    sees "nobody woken, the idle M saw no work" about once in a thousand): there the window
     *    is tolerated, as in Go (runqput's StoreRel, then wakep's loads), because that ring belongs
     *    to the running M, which takes the work itself as soon as the goroutine it runs unmounts
     *    (and sysmon's nudge and hand-off cover an M that does not); what is lost is only the
     *    chance of running it on an idle P at once. A spinning M that finds work and was the last
     *    spinner calls wakep, so spinning propagates while work remains. At most about half the
     *    busy P's worth of M's spin (2*nmspinning < procs - npidle), as in Go.
     *
     * 4. Hand-off (cf. sysmon/retake/handoffp). Virtual threads cannot be pre-empted, and an M can
     *    be stuck inside one task: a CPU-bound loop, a virtual thread pinned by a native frame,
     *    blocking file I/O. Sysmon samples each M's dispatch counter; when it has not moved for the
     *    hand-off threshold while the P has queued work, sysmon takes the P (CAS owner m -> null)
     *    and gives it to a spare M. The stuck M may still touch the P's owner-only side (the tail
     *    of its ring) when its goroutine wakes another one, or in its scheduling loop. We keep the
     *    single-owner invariant with a Dekker handshake: the M sets m.busy (volatile) and then
     *    checks p.owner == m before any owner-only access, clearing busy after; sysmon CASes the
     *    owner and then waits for busy to be false before handing the P on. With both sides
     *    sequentially consistent, either the M sees that it lost the P (and pushes to the global
     *    queue instead) or sysmon sees busy and waits for the M to finish that access. Consumer
     *    operations (head CAS, runnext CAS) are safe from any thread and need no handshake.
     *    When the stuck task finally returns, its M sees p.owner != m and looks for an idle P or
     *    parks; for a while there are more M's than P's, as in Go.
     *
     * 5. Time slices (cf. inheritTime and sysmon's preemption). Two goroutines handing off to each
     *    other through runnext never tick, so they would starve the local and global queues. Go
     *    ends such a chain only when sysmon pre-empts it after 10 ms; with hundreds of such pairs
     *    (our demo has 300) every other goroutine then waits 10 ms per chain ahead of it. We bound
     *    a chain by count as well: after gmp4j.runnext.chain (64) consecutive runnext dispatches the
     *    woken goroutine goes to the global tail, as Go does with a pre-empted goroutine, and the P
     *    takes the next one, a new tick; when nothing at all is queued the chain just starts a new
     *    time slice (demoting it would only let an idle P take it and split the pair). Why the
     *    global queue: every wake-up by a JDK timer (sleep,
     *    timed park) or by the poller arrives there, whereas Go's timers and netpoller ready
     *    goroutines into local queues; with chains demoted locally, the ring never empties and the
     *    global queue gets one goroutine per 61 ticks. What we tried, in the demo (300 ping-pong
     *    pairs, 1500 sleepers, 2 P's): no count bound (Go's design) ~700 sleeps/s where 14,000/s
     *    are due; demoting to the local tail, ~1,000/s; demoting to the global tail, ~13,000/s,
     *    with every other kind of work in the demo progressing too. Sysmon's time-slice check stays
     *    as the backstop: when a P's tick has not moved for a time slice while work is queued, it sets
     *    p.preempt and the owner moves runnext to the global queue, as Go does with a pre-empted
     *    goroutine.
     *
     * 6. Tried and dropped: spinning hand-offs. A virtual-thread switch on one P (park, freeze,
     *    schedule, thaw) costs ~250 ns here, so a ping-pong pair kept on one P by runnext pays
     *    ~500-700 ns per round trip (W1), above Go's ~300. The JDK's SynchronousQueue spins
     *    before parking and lands such a pair on two carriers (~360 ns). We let a waiter on an
     *    unbuffered channel whose last wait was short spin instead of parking when its P had
     *    nothing else to run, woke an idle P to take the woken counterpart from runnext, and let
     *    the claimer skip unpark for a spinning waiter (a Dekker flag on the outcome). W1 got
     *    slower: 1,100-2,200 ns with 2-50 µs spin windows against 700-1,250 without, in the same
     *    sitting. A bare volatile ping-pong between two platform threads costs ~470 ns per round
     *    trip on this machine's cores, and a channel hand-off touches several lines (the lock,
     *    the waiter, its state), so two P's lose to one here. Go keeps such pairs on one P, too.
     *
     * 7. Threads that are not ours, and system calls. A virtual thread created inside a goroutine
     *    inherits the goroutine's GTask as its scheduler (the JDK's rule); GTask.execute tells
     *    such submissions from its own thread's and ForeignThreads adopts the thread as a
     *    goroutine with a task of its own (the JDK's network sub-pollers among them, as runtime
     *    goroutines), so the queues only ever hold one task per thread. The M ends an adopted
     *    task when its thread has terminated. Sysmon's Syscalls tells a task blocked in native
     *    code (file I/O pins the carrier) from a busy one by the carrier's CPU time and the top
     *    frame, for Go's syscall state and syscall hand-offs (cf. entersyscall/retake).
     *
     * Rejected: a ForkJoinPool per P (its own work-stealing has no runnext and no hand-off, and the
     * JDK's default scheduler is already that); parking M's on a shared semaphore (hides which M
     * holds which P, which the hand-off needs).
     */
    private static final MethodHandle CURRENT_CARRIER = JdkCarrier.currentCarrierHandle();
    /** How long a thief waits before taking a running P's runnext (Go: 3 µs). */
    private static final long RUNNEXT_BACKOFF_NANOS = 3_000;

    private final SchedConfig config;
    private final P[] allp;
    final GlobalRunQueue global = new GlobalRunQueue();

    private final SpinLock idleLock = new SpinLock(); // not a monitor: see SpinLock
    private final ArrayDeque<P> idleP = new ArrayDeque<>(); // guarded by idleLock
    private final ArrayDeque<M> idleM = new ArrayDeque<>(); // guarded by idleLock
    private volatile int npidle;                            // written under idleLock
    private final AtomicInteger nmspinning = new AtomicInteger();
    private final AtomicInteger mcount = new AtomicInteger();
    private final List<M> allm = new ArrayList<>();        // guarded by idleLock
    private final Sysmon sysmon;
    private volatile boolean warnedMaxThreads;

    private final ForeignThreads foreign;

    /**
     * A scheduler whose foreign virtual threads run on the JDK's scheduler (tests).
     *
     * @param config the tunables
     */
    public GmpScheduler(SchedConfig config) {
        this(config, null);
    }

    /**
     * A scheduler with {@code config.procs()} P's; M's start as work arrives, and sysmon with the
     * first of them (before that it would have nothing to watch; see GoRuntime's cold-start notes).
     *
     * @param config  the tunables
     * @param adopter makes the records of virtual threads started inside goroutines (see
     *                {@link ForeignThreads}); null routes them to the JDK's scheduler
     */
    public GmpScheduler(SchedConfig config, ForeignThreads.Adopter adopter) {
        this.config = config;
        this.foreign = new ForeignThreads(this, adopter, config.virtualThreads());
        this.allp = new P[config.procs()];
        for (int i = 0; i < allp.length; i++) {
            allp[i] = new P(i, config.runQueueSize());
        }
        for (int i = allp.length - 1; i >= 0; i--) {
            idleP.push(allp[i]);
        }
        npidle = allp.length;
        this.sysmon = new Sysmon(this, config);
    }

    /**
     * The tunables.
     *
     * @return the configuration it was made with
     */
    public SchedConfig config() {
        return config;
    }

    /**
     * Virtual threads started inside goroutines.
     *
     * @return the scheduler's foreign-thread router
     */
    public ForeignThreads foreign() {
        return foreign;
    }

    /**
     * A new goroutine's task; the caller binds its G and creates the thread with it as scheduler.
     *
     * @param body the goroutine's body
     * @return the task, not yet queued
     */
    public GTask newTask(Runnable body) {
        return new GTask(this, body);
    }

    // ---------------------------------------------------------------------------------------------
    // Current M and goroutine

    /** The M we run on (through the carrier when called from a goroutine), or null. */
    M currentM() {
        Thread carrier;
        try {
            carrier = (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return carrier instanceof M m && m.sched == this ? m : null;
    }

    /**
     * The goroutine running on the current carrier.
     *
     * @return its record, or null when not called from one of our carriers
     */
    public G currentG() {
        M m = currentM();
        if (m == null) {
            return null;
        }
        GTask t = m.curTask();
        return t == null ? null : t.g;
    }

    /**
     * The id of the P the calling goroutine runs on (racy: a hand-off may move it).
     *
     * @return the P's id, or -1 when not called from one of our carriers
     */
    public int currentProcId() {
        M m = currentM();
        P p = m == null ? null : m.p;
        return p == null ? -1 : p.id;
    }

    // ---------------------------------------------------------------------------------------------
    // Making goroutines runnable (note 1)

    void ready(GTask t) {
        M m = currentM();
        if (m != null && m.p != null) {
            boolean self = m.curTask() == t;
            m.busy = true; // Dekker with sysmon (note 4)
            P p = m.p;
            if (p.owner == m) {
                try {
                    if (self) {
                        putLocal(p, t);
                    } else {
                        GTask displaced = p.runq.putNext(t);
                        if (displaced != null) {
                            putLocal(p, displaced);
                        } else if (config.lazyWake() && p.runq.isRingEmpty()) {
                            return; // alone in runnext: no wakep (note 1); finally clears busy
                        }
                    }
                } finally {
                    m.notBusy();
                }
                wakep();
                return;
            }
            m.notBusy();
        }
        global.push(t);
        wakep();
    }

    /** Owner: the local tail, spilling half the ring to the global queue when it is full. */
    private void putLocal(P p, GTask t) {
        while (!p.runq.offer(t)) {
            Object[] batch = new Object[p.runq.capacity() / 2 + 1];
            int n = p.runq.takeHalf(batch);
            if (n > 0) {
                batch[n++] = t;
                global.pushAll(batch, n);
                return;
            }
        }
    }

    /** Wakes an idle P with a spinning M when there is an idle P and nobody is spinning. */
    void wakep() {
        if (npidle == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        P p = takeIdleP();
        if (p == null) {
            nmspinning.decrementAndGet();
            return;
        }
        startM(p, true);
    }

    /** Gives p (already taken off the idle list or from a stuck M) to an idle or new M. */
    void startM(P p, boolean spinning) {
        M m;
        idleLock.lock();
        try {
            m = idleM.poll();
        } finally {
            idleLock.unlock();
        }
        if (m == null) {
            if (mcount.get() >= config.maxThreads()) {
                // Cannot grow: put the P back; the M's that exist will find the work when they return.
                idleLock.lock();
                try {
                    idleP.push(p);
                    npidle = idleP.size();
                } finally {
                    idleLock.unlock();
                }
                if (spinning) {
                    nmspinning.decrementAndGet();
                }
                if (!warnedMaxThreads) {
                    warnedMaxThreads = true;
                    System.err.println("gmp4j: reached gmp4j.max.threads=" + config.maxThreads()
                            + " carrier threads; goroutines stuck in native code or blocking I/O are holding them");
                }
                return;
            }
            int mid = mcount.getAndIncrement();
            m = new M(this, mid);
            idleLock.lock();
            try {
                allm.add(m);
            } finally {
                idleLock.unlock();
            }
            m.spinning = spinning;
            p.owner = m;
            m.nextP = p;
            if (mid == 0) {
                sysmon.tick(); // its clock starts fresh for the first M's first dispatch
                m.start();
                sysmon.start(); // after the first M: off the first goroutine's path (exactly once: mid 0)
            } else {
                m.start();
            }
            return;
        }
        m.spinning = spinning;
        p.owner = m;
        m.handP(p);
    }

    private P takeIdleP() {
        idleLock.lock();
        try {
            P p = idleP.poll();
            if (p != null) {
                npidle = idleP.size();
            }
            return p;
        } finally {
            idleLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The M loop (note 2)

    void schedule(M m) {
        m.p = m.awaitP();
        for (;;) {
            P p = m.p;
            if (p == null) {
                p = takeIdleP();
                if (p != null) {
                    p.owner = m;
                } else {
                    idleLock.lock();
                    try {
                        idleM.push(m);
                    } finally {
                        idleLock.unlock();
                    }
                    p = m.awaitP();
                }
                m.p = p;
            }
            m.busy = true;
            if (p.owner != m) { // sysmon handed it off while we were running a task
                m.notBusy();
                m.p = null;
                dropSpinning(m);
                continue;
            }
            GTask t = findRunnable(m, p);
            if (t == null) {
                continue; // m.p changed: we gave p up (idle) or lost it
            }
            if (m.spinning) {
                m.spinning = false;
                if (nmspinning.decrementAndGet() == 0) {
                    wakep(); // there may be more work for another spinner (Go's resetspinning)
                }
            }
            m.setCurTask(t);
            m.nextDispatch();
            m.taskStarted(sysmon.now());
            m.notBusy();
            Runnable ran = null;
            try {
                try {
                    ran = t.runContinuation();
                } catch (Throwable e) {
                    internalError(e);
                }
                t.g.unmountedAt(sysmon.now());
                if (t.endedAfterRun()) {
                    if (t.adopted) {
                        foreign.forget(ran);
                    }
                    t.g.finish(); // the goroutine's body has returned and its thread has terminated
                }
            } finally {
                // Until finish() has cleared the record, its thread must stay reachable: otherwise
                // the GC could take an ended goroutine for a leaked one (see CollectedGoroutines).
                java.lang.ref.Reference.reachabilityFence(ran);
            }
            // And afterwards it must not stay reachable from this frame: an M that goes idle next
            // would otherwise keep the goroutine it ran last (if it parked for ever) from being
            // collected, for as long as the slot is not overwritten (interpreted frames keep dead
            // locals). Same for the task, whose G is harmless but whose slot is reused below.
            ran = null;
            m.setCurTask(null);
        }
    }

    private void dropSpinning(M m) {
        if (m.spinning) {
            m.spinning = false;
            nmspinning.decrementAndGet();
        }
    }

    /** Runs on m holding p with m.busy set. Returns a task, or null after giving p up. */
    private GTask findRunnable(M m, P p) {
        if (p.preempt) {
            p.preempt = false;
            GTask next = p.runq.pollNext();
            if (next != null) {
                global.push(next);
            }
            p.schedtick++; // a fresh time slice
        }
        if (p.schedtick % config.globalCheckTicks() == 0 && !global.isEmpty()) {
            GTask t = global.poll();
            if (t != null) {
                p.schedtick++;
                p.globalDispatches++;
                return t;
            }
        }
        GTask t = p.runq.pollNext();
        if (t != null) {
            if (++p.runnextStreak < config.runnextChain()) {
                p.runnextHits++; // inherits the time slice: no tick
                return t;
            }
            // A runnext chain ran long enough: it yields to queued work, to the global tail (note 5).
            p.runnextStreak = 0;
            if (global.isEmpty() && p.runq.isRingEmpty()) {
                // Nobody is waiting: a new time slice for the chain instead. Demoting it to the
                // global queue would only invite an idle P to take it and split the pair.
                p.schedtick++;
                p.runnextHits++;
                return t;
            }
            global.push(t);
        }
        p.runnextStreak = 0;
        t = p.runq.pollRing();
        if (t != null) {
            p.schedtick++;
            p.localDispatches++;
            return t;
        }
        t = globalBatch(p);
        if (t != null) {
            p.schedtick++;
            p.globalDispatches++;
            return t;
        }
        if (m.spinning || 2 * nmspinning.get() < allp.length - npidle) {
            if (!m.spinning) {
                m.spinning = true;
                nmspinning.incrementAndGet();
            }
            t = steal(p);
            if (t != null) {
                p.schedtick++;
                p.stolenDispatches++;
                return t;
            }
        }
        if (m.spinning && spinForWork(p)) {
            return findRunnableAfterSpin(p);
        }
        goIdle(m, p);
        return null;
    }

    /**
     * A spinning M that found nothing keeps looking for a short while before it parks (Go's
     * spinning M's do several rounds before stopm). Parking and being woken again costs a futex
     * call on each side, and a producer that readies goroutines faster than that (a ping-pong
     * across P's, a fan-out) would otherwise pay it per goroutine. Only one M spins at a time
     * unless work is found (wakep admits a new spinner only when none spins), so at most one core
     * burns these microseconds.
     */
    private boolean spinForWork(P p) {
        long deadline = System.nanoTime() + config.spinNanos();
        do {
            for (int i = 0; i < 64; i++) {
                Thread.onSpinWait();
            }
            if (!global.isEmpty()) {
                return true;
            }
            for (P v : allp) {
                if (v != p && !v.runq.isRingEmpty()) {
                    return true;
                }
            }
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    private GTask findRunnableAfterSpin(P p) {
        GTask t = globalBatch(p);
        if (t != null) {
            p.schedtick++;
            p.globalDispatches++;
            return t;
        }
        t = steal(p);
        if (t != null) {
            p.schedtick++;
            p.stolenDispatches++;
        }
        return t; // null: the schedule loop comes back here, still holding p
    }

    /** Takes a batch from the global queue into p's (empty) local ring; returns one to run. */
    private GTask globalBatch(P p) {
        if (global.isEmpty()) {
            return null;
        }
        int n = Math.min(global.size() / allp.length + 1, p.runq.capacity() / 2);
        GTask first = global.poll();
        if (first == null) {
            return null;
        }
        for (int i = 1; i < n; i++) {
            GTask t = global.poll();
            if (t == null || !p.runq.offer(t)) {
                if (t != null) {
                    global.push(t);
                }
                break;
            }
        }
        return first;
    }

    private GTask steal(P p) {
        int n = allp.length;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int pass = 0; pass < 4; pass++) {
            boolean stealNext = pass == 3;
            int start = rnd.nextInt(n);
            for (int i = 0; i < n; i++) {
                P victim = allp[(start + i) % n];
                if (victim == p) {
                    continue;
                }
                boolean takeNext = stealNext;
                M vm = victim.owner;
                if (takeNext && vm != null && victim.runq.hasNext() && victim.runq.isRingEmpty()) {
                    // The victim's goroutine probably just readied runnext and is about to block:
                    // give its P a moment to run it (Go's runqgrab backs off the same way, usleep(3)).
                    // If the victim dispatched meanwhile it is making progress (say, a ping-pong
                    // through runnext): leave its runnext alone rather than split the pair across
                    // P's, which costs a cross-core wake-up per hop.
                    long seq = vm.dispatchSeq();
                    backOff(RUNNEXT_BACKOFF_NANOS);
                    takeNext = vm.dispatchSeq() == seq;
                }
                GTask t = p.runq.stealFrom(victim.runq, takeNext);
                if (t != null) {
                    p.steals++;
                    return t;
                }
            }
            if (!global.isEmpty()) {
                GTask t = globalBatch(p);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    private static void backOff(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** Gives p up and, unless work shows up meanwhile, parks m until it is handed a P. */
    private void goIdle(M m, P p) {
        if (!p.casOwner(m, null)) { // sysmon took it; it waits for our busy flag
            m.notBusy();
            m.p = null;
            dropSpinning(m);
            return;
        }
        p.runq.clearStale();
        p.parks++;
        idleLock.lock();
        try {
            idleP.push(p);
            npidle = idleP.size();
        } finally {
            idleLock.unlock();
        }
        m.notBusy();
        m.p = null;
        boolean wasSpinning = m.spinning;
        dropSpinning(m);
        // Re-check after publishing the idle P (note 3).
        if (hasWorkAnywhere()) {
            P again = takeIdleP();
            if (again != null) {
                again.owner = m;
                m.p = again;
                if (wasSpinning) {
                    m.spinning = true;
                    nmspinning.incrementAndGet();
                }
                return;
            }
        }
        idleLock.lock();
        try {
            idleM.push(m);
        } finally {
            idleLock.unlock();
        }
        P given = m.awaitP();
        m.p = given;
    }

    private boolean hasWorkAnywhere() {
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

    // ---------------------------------------------------------------------------------------------
    // Hand-off and pre-emption requests (notes 4 and 5), driven by Sysmon

    /**
     * Sysmon: takes p from its owner m, stuck in its dispatch number {@code seq}, and gives it to a
     * spare M. Returns true when the P left that dispatch; false when m had moved on (nothing
     * done), or moved on just as the P was taken (the P is handed on all the same: see below).
     */
    @SuppressWarnings("NonAtomicVolatileUpdate") // p.handoffs: sysmon is its only writer
    boolean handoff(P p, M m, long seq) {
        // Sysmon's decision may be stale by the time it acts (reading a stack or the CPU clock
        // takes a while): look again just before the CAS, so that a hand-off meant for a task
        // that has ended does not take the P from the one m has just dispatched.
        if (m.dispatchSeq() != seq || !p.casOwner(m, null)) {
            return false;
        }
        while (m.busy) {
            Thread.onSpinWait();
        }
        // m may have dispatched between the look and the CAS (it passed its owner check first):
        // its new task then runs without the P, which m gives up when that task ends, as after
        // any hand-off. Giving the P back is not safe (m may already have seen it gone), so it
        // goes on to a spare M, and the caller does not report it as the old task's.
        p.handoffs++;
        startM(p, false);
        return m.dispatchSeq() == seq;
    }

    /** Sysmon: p's M has run one task for a period while work waits in p's queue and a P is idle. */
    void nudge(P p) {
        if (npidle > 0 && !p.runq.isEmpty()) {
            wakep();
        }
    }

    /** Sysmon: does p have queued work that nobody else would pick up? */
    boolean hasQueuedWork(P p) {
        return !p.runq.isEmpty() || (!global.isEmpty() && npidle == 0);
    }

    P[] allp() {
        return allp;
    }

    // ---------------------------------------------------------------------------------------------
    // Read-only view for io.gmp4j.Scheduler

    /**
     * The number of P's (Go's GOMAXPROCS).
     *
     * @return the number of P's (Go's GOMAXPROCS)
     */
    public int procs() {
        return allp.length;
    }

    /**
     * The M's (carrier threads) made so far.
     *
     * @return the M's (carrier threads) made so far
     */
    public int threads() {
        return mcount.get();
    }

    /**
     * The P's on the idle list now (racy).
     *
     * @return the P's on the idle list now (racy)
     */
    public int idleProcs() {
        return npidle;
    }

    /**
     * The M's spinning for work now (racy).
     *
     * @return the M's spinning for work now (racy)
     */
    public int spinningThreads() {
        return nmspinning.get();
    }

    /**
     * Goroutines in the global run queue now (approximate).
     *
     * @return goroutines in the global run queue now (approximate)
     */
    public int globalQueueLength() {
        return global.size();
    }

    /**
     * The most recent hand-offs (up to 256), oldest first.
     *
     * @return the most recent hand-offs (up to 256), oldest first
     */
    public List<Handoff> handoffLog() {
        return sysmon.handoffLog();
    }

    /**
     * Each P's counters, copied racily.
     *
     * @return each P's counters, copied racily
     */
    public List<ProcStats> procStats() {
        List<ProcStats> out = new ArrayList<>(allp.length);
        for (P p : allp) {
            out.add(new ProcStats(p.id, p.schedtick, p.runnextHits, p.localDispatches, p.globalDispatches,
                    p.stolenDispatches, p.steals, p.handoffs, p.parks, p.runq.size(), p.owner == null));
        }
        return out;
    }

    /**
     * Per-P counters, copied racily.
     *
     * @param id               the P's id
     * @param ticks            its scheduler ticks (dispatches that start a time slice)
     * @param runnextHits      dispatches from runnext (inheriting the time slice)
     * @param localDispatches  dispatches from its local ring
     * @param globalDispatches dispatches from the global queue
     * @param stolenDispatches dispatches of goroutines it stole
     * @param steals           steals it made
     * @param handoffs         times sysmon handed it away from a stuck M
     * @param parks            times it went idle
     * @param queueLength      goroutines queued on it now (ring and runnext)
     * @param idle             whether it is idle now
     */
    public record ProcStats(int id, long ticks, long runnextHits, long localDispatches, long globalDispatches,
                            long stolenDispatches, long steals, long handoffs, long parks, int queueLength,
                            boolean idle) {
    }

    /**
     * A goroutine whose M was stuck long enough for sysmon to hand its P to another M.
     *
     * @param goroutineId   the goroutine's id
     * @param goroutineName its name
     * @param proc          the P handed away
     * @param runningNanos  how long it had run in that dispatch
     * @param atEpochMillis when (wall clock)
     * @param syscall       whether it was blocked in a system call (see Syscalls), not computing
     */
    public record Handoff(long goroutineId, String goroutineName, int proc, long runningNanos, long atEpochMillis,
                          boolean syscall) {
    }

    /**
     * Whether sysmon found this running goroutine stuck in a system call (see Syscalls).
     *
     * @param g a goroutine's record
     * @return true while it is in a system call sysmon noticed
     */
    public boolean inSyscall(G g) {
        return sysmon.inSyscall(g);
    }

    private static void internalError(Throwable e) {
        System.err.println("gmp4j: internal error in a carrier thread (the scheduler carries on):");
        e.printStackTrace();
    }
}
