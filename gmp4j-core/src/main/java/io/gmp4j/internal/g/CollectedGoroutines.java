package io.gmp4j.internal.g;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Goroutines whose threads the GC collected while they were still blocked: proven leaks.
 *
 * <p>Every {@link G} is a weak reference to its thread registered with {@link #QUEUE}. A thread
 * that ends clears its record's reference itself ({@code G.markDead}), which never enqueues it; so
 * a record arrives in the queue only when the GC found its thread unreachable while it was alive,
 * that is parked where nothing can ever wake it. One daemon thread ("gmp4j-leak-reaper") takes such
 * records, removes them from the registry (the goroutine will never run again, and its memory is
 * already back), and hands them to the {@link io.gmp4j.spi.LeakSink} (gmp4j-diag's leak detector,
 * found with {@link java.util.ServiceLoader} the first time a leak is handed on: see
 * {@link LeakSinks}); with no sink on the path they are only counted.
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
     * The sink is called outside any lock of ours, so it may take its time or throw (it is
     * logged and the reaper goes on). A record may be found twice, by the reaper (dequeued) and
     * by a sweep (its cleared reference seen in the registry): G.markCollected's CAS lets exactly
     * one hand it on. A sweep that loses must not return before the winner has handed it on
     * (collectNow promises the reports made on return), so every handle() counts itself in
     * `inFlight` before it claims, and awaitHandedOn waits for the count to drop to zero (monitor
     * wait/notifyAll on IN_FLIGHT).
     */
    static final ReferenceQueue<Thread> QUEUE = new ReferenceQueue<>();

    /** Guards inFlight: how many handle() calls are running (the reaper's, sweeps'). */
    private static final Object IN_FLIGHT = new Object();
    private static int inFlight;
    private static final AtomicLong UNREPORTED = new AtomicLong();
    private static boolean started;

    private CollectedGoroutines() {
    }

    /** Starts the reaper thread once; the runtime calls this once its first goroutine has started. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Reaper t = new Reaper(); // typed so: verifying this class then needs no Reaper loaded
        t.setDaemon(true);
        t.start();
    }

    /** The reaper's thread (a class rather than a method reference: no lambda to spin at start). */
    private static final class Reaper extends Thread {
        Reaper() {
            super("gmp4j-leak-reaper");
        }

        @Override
        public void run() {
            reap();
        }
    }

    /**
     * Finds, on the calling thread, every registered goroutine whose thread the GC has already
     * collected, and hands each on: deterministic right after a {@code System.gc()}, because the
     * GC clears a weak reference before the reference handler thread gets round to enqueueing it.
     * A record the reaper also dequeues later is reported once (see {@code G.markCollected}).
     * Returns how many it handed on.
     *
     * @return how many leaks it handed on
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

    /** {@return how many proven leaks were found while no {@link io.gmp4j.spi.LeakSink} was on the path (counted, not reported)} */
    public static long unreported() {
        return UNREPORTED.get();
    }

    /**
     * Processes whatever the GC has already queued, on the calling thread (tests and the leak
     * detector use it to avoid waiting for the reaper). Returns how many leaks it handed on.
     *
     * @return how many leaks it handed on
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
     *
     * @param timeoutMillis how long to wait at most, in milliseconds
     * @return true once nothing is being handed on, false on timeout
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
        io.gmp4j.spi.LeakSink s = LeakSinks.get();
        if (s == null) {
            UNREPORTED.incrementAndGet();
        } else {
            s.collected(g);
        }
        return true;
    }
}
