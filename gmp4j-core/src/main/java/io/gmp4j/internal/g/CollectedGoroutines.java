package io.gmp4j.internal.g;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Goroutines whose threads the GC collected while they were still blocked: proven leaks.
 *
 * <p>Every {@link G} is a weak reference to its thread registered with {@link #QUEUE}. A thread
 * that ends clears its record's reference itself ({@code G.markDead}), which never enqueues it; so
 * a record arrives in the queue only when the GC found its thread unreachable while it was alive,
 * that is parked where nothing can ever wake it. One daemon thread ("gmp4j-leak-reaper") takes such
 * records, removes them from the registry (the goroutine will never run again, and its memory is
 * already back), and hands them to the installed sink: the leak detector of gmp4j-diag, looked up
 * by name the first time a leak is found, or else a bounded backlog that a sink installed later
 * receives first.
 */
public final class CollectedGoroutines {
    /*
     * Implementation notes. Why a dead goroutine is never reported: a goroutine's thread is
     * strongly reachable until its ending has run. On the GMP scheduler the ending (G.finish) runs
     * on the carrier while the scheduler task still holds the JDK's continuation runner, which
     * refers to the thread; in the JDK-scheduler fallback it runs on the thread itself. finish sets
     * `dead` and clears the reference before either lets go of the thread, and the GC never
     * enqueues a cleared reference. The reaper still checks isDead(), for records whose start
     * failed (markDead without a thread that ever ran).
     *
     * The sink and the backlog are guarded by this class's monitor; the reaper calls the sink
     * outside it, so a sink may take its time or throw (it is logged and the reaper goes on).
     * A record may be found twice, by the reaper (dequeued) and by a sweep (its cleared reference
     * seen in the registry): G.markCollected's CAS lets exactly one hand it on. A sweep that loses
     * must not return before the winner has handed it on (collectNow promises the reports made on
     * return), so every handle() counts itself in `inFlight` before it claims, and
     * awaitHandedOn waits for the count to drop to zero (monitor wait/notifyAll on IN_FLIGHT).
     *
     * The backlog is bounded (BACKLOG_MAX, oldest dropped and counted) so that a program leaking
     * without a detector cannot grow it without limit.
     */
    static final ReferenceQueue<Thread> QUEUE = new ReferenceQueue<>();
    private static final int BACKLOG_MAX = 10_000;
    private static final String DETECTOR = "io.gmp4j.diag.LeakDetector";

    private static final ArrayDeque<G> backlog = new ArrayDeque<>();
    /** Guards inFlight: how many handle() calls are running (the reaper's, sweeps'). */
    private static final Object IN_FLIGHT = new Object();
    private static int inFlight;
    private static Consumer<G> sink;
    private static long dropped;
    private static boolean lookedForDetector;
    private static boolean started;

    private CollectedGoroutines() {
    }

    /** Starts the reaper thread once; the runtime calls this as it starts. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread(CollectedGoroutines::reap, "gmp4j-leak-reaper");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Installs the one consumer of proven leaks, which first receives the backlog (on this
     * thread). Later leaks reach it on the reaper thread.
     */
    public static void install(Consumer<G> consumer) {
        G[] pending;
        synchronized (CollectedGoroutines.class) {
            sink = consumer;
            lookedForDetector = true;
            pending = backlog.toArray(new G[0]);
            backlog.clear();
        }
        for (G g : pending) {
            consumer.accept(g);
        }
    }

    /**
     * Finds, on the calling thread, every registered goroutine whose thread the GC has already
     * collected, and hands each on: deterministic right after a {@code System.gc()}, because the
     * GC clears a weak reference before the reference handler thread gets round to enqueueing it.
     * A record the reaper also dequeues later is reported once (see {@code G.markCollected}).
     * Returns how many it handed on.
     */
    public static int sweepRegistry() {
        int n = 0;
        for (G g : Registry.global().all()) {
            // get() before isDead(): finish() sets dead before it clears the reference.
            if (g.get() == null && !g.isDead() && !g.lockedToThread() && handle(g)) {
                n++;
            }
        }
        return n;
    }

    /** Leaks dropped from a full backlog before any sink was installed. */
    public static synchronized long droppedBeforeInstall() {
        return dropped;
    }

    /**
     * Processes whatever the GC has already queued, on the calling thread (tests and the leak
     * detector use it to avoid waiting for the reaper). Returns how many leaks it handed on.
     */
    public static int drainNow() {
        int n = 0;
        for (Reference<? extends Thread> r; (r = QUEUE.poll()) != null; ) {
            if (handle((G) r)) {
                n++;
            }
        }
        return n;
    }

    private static void reap() {
        for (;;) {
            try {
                handle((G) QUEUE.remove());
            } catch (InterruptedException e) {
                // a daemon: nothing stops it; go on
            } catch (Throwable e) {
                System.err.println("gmp4j: the leak reaper's consumer failed: " + e);
            }
        }
    }

    private static boolean handle(G g) {
        synchronized (IN_FLIGHT) {
            inFlight++; // before the claim: a sweep that loses the claim to us waits for us
        }
        try {
            return handOn(g);
        } finally {
            synchronized (IN_FLIGHT) {
                if (--inFlight == 0) {
                    IN_FLIGHT.notifyAll();
                }
            }
        }
    }

    /**
     * Waits (at most {@code timeoutMillis}) until no leak is being handed on by another thread: after
     * a sweep, every leak the GC found has then reached the sink, also those the reaper dequeued
     * first. Returns false on timeout (a sink that takes that long).
     */
    public static boolean awaitHandedOn(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (IN_FLIGHT) {
            while (inFlight > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                try {
                    IN_FLIGHT.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private static boolean handOn(G g) {
        if (g.isDead() || !g.markCollected()) {
            return false;
        }
        Registry.global().remove(g);
        if (g.waitStack() == null) {
            g.markCreationSiteHot(); // the next leak from there will have its stack
        }
        Consumer<G> s = sinkOrLookUp();
        if (s != null) {
            s.accept(g);
            return true;
        }
        synchronized (CollectedGoroutines.class) {
            if (sink == null) {
                if (backlog.size() == BACKLOG_MAX) {
                    backlog.removeFirst();
                    dropped++;
                }
                backlog.addLast(g);
                return true;
            }
            s = sink;
        }
        s.accept(g);
        return true;
    }

    private static Consumer<G> sinkOrLookUp() {
        synchronized (CollectedGoroutines.class) {
            if (sink != null || lookedForDetector) {
                return sink;
            }
            lookedForDetector = true;
        }
        try {
            // Initialising the detector installs it (and hands it the backlog).
            Class.forName(DETECTOR, true, CollectedGoroutines.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // gmp4j-diag is not on the class path: leaks wait in the backlog.
        }
        synchronized (CollectedGoroutines.class) {
            return sink;
        }
    }
}
