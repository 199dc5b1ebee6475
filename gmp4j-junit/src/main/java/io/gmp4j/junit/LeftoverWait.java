package io.gmp4j.junit;

import io.gmp4j.diag.LeakDetector;
import io.gmp4j.diag.Snapshot;
import io.gmp4j.spi.GoroutineRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The wait after a test: for its goroutines to end, forcing GCs once a grace period has passed so
 * that leftovers nothing can wake are proven leaked, and ending as soon as every goroutine has
 * ended or is proven (or at the timeout). Runs on the test's thread; blocks it for at most the
 * timeout plus one GC.
 */
final class LeftoverWait {
    /*
     * Implementation notes. A goroutine is settled once it is dead (it ended) or collected (the
     * GC proved it leaked: it can never end); both flags only ever go false -> true, so a settled
     * goroutine is dropped from `open` for good. The loop joins the first open goroutine until
     * the next event: the end of the grace period (the first GC), the next GC, or the deadline.
     * GoroutineRecord.join returns when the goroutine ends and throws IllegalStateException when
     * a sweep proves it leaked meanwhile (it wakes joiners), so a wait never outlives its cause.
     *
     * Why GCs at all: a leaked goroutine is proven only when a GC finds its thread unreachable,
     * and a test's heap may see no GC for minutes. LeakDetector.collectNow runs System.gc() and
     * sweeps the registry on this thread, so every goroutine that GC found is marked collected
     * before it returns. One GC may be too early (a leftover not yet blocked, or blocked on a
     * channel the test's last frame still held), so GCs repeat while goroutines stay open, with a
     * pause that starts at the grace period (at least MIN_PAUSE) and doubles up to MAX_PAUSE:
     * a still-reachable leftover costs a handful of GCs per timeout, not one per millisecond.
     * Before each GC a snapshot is taken: it walks the stacks of the goroutines still blocked,
     * and the leak detector reports a goroutine it proves with the stack a snapshot saw in the
     * same wait (its thread is gone by then), so proven leftovers keep their stacks for the
     * message and for ignoreTopFrames without wait stacks being switched on.
     * Without proven-leak detection no GC can prove anything, and none is forced.
     */
    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * What the wait found.
     *
     * @param left      the goroutines that had not ended, proven ones included, in the given order
     * @param gcs       how many GCs it forced
     * @param tookNanos how long it waited
     */
    record Result(List<GoroutineRecord> left, int gcs, long tookNanos) {
    }

    private LeftoverWait() {
    }

    /**
     * Waits for {@code goroutines}.
     *
     * @param goroutines    the goroutines the test answers for
     * @param graceMillis   how long to wait before the first GC (at most the timeout)
     * @param timeoutMillis how long to wait at most
     * @param canProve      whether this JVM can prove leaks (else no GC is forced)
     * @return what it found
     */
    static Result await(List<GoroutineRecord> goroutines, long graceMillis, long timeoutMillis, boolean canProve) {
        long start = System.nanoTime();
        long timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long grace = Math.min(TimeUnit.MILLISECONDS.toNanos(graceMillis), timeout);
        long deadline = start + timeout;
        long nextGc = start + grace;
        long pause = Math.max(grace, MIN_PAUSE_NANOS);
        int gcs = 0;
        List<GoroutineRecord> open = new ArrayList<>(goroutines);
        for (;;) {
            open.removeIf(LeftoverWait::settled);
            if (open.isEmpty()) {
                break;
            }
            long now = System.nanoTime();
            if (canProve && now - nextGc >= 0) {
                Snapshot.capture(); // remembers the stacks of the blocked: a proven one's report shows where it blocked
                LeakDetector.global().collectNow();
                gcs++;
                nextGc = System.nanoTime() + pause;
                pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
                continue;
            }
            if (now - deadline >= 0) {
                break;
            }
            long until = canProve && nextGc - deadline < 0 ? nextGc : deadline;
            join(open.getFirst(), until - now);
        }
        List<GoroutineRecord> left = new ArrayList<>();
        for (GoroutineRecord g : goroutines) {
            if (!g.isDead()) {
                left.add(g);
            }
        }
        return new Result(left, gcs, System.nanoTime() - start);
    }

    private static boolean settled(GoroutineRecord g) {
        return g.isDead() || g.isCollected();
    }

    private static void join(GoroutineRecord g, long nanos) {
        try {
            g.join(Duration.ofNanos(Math.max(0, nanos)));
        } catch (IllegalStateException provenWhileJoining) {
            // a sweep proved it leaked while we waited: it is settled, the loop drops it
        }
    }
}
