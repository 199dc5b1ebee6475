package io.gmp4j.internal.g;

import io.gmp4j.CreationSite;
import org.openjdk.jcstress.infra.results.IIII_Result;

import java.util.List;
import java.util.Map;

/**
 * What the wait-epoch tests share: the two waits, a goroutine record to hold them, and the codes a
 * reader's four readings are recorded with ({@link #record}).
 *
 * <p>Outcome (r1, r2, r3, r4), in the order a reader makes them:
 * <ul>
 *   <li>r1, {@code gmp4jWaitReason()}: 0 none, 1 "chan receive" (the first wait), 2 "select" (the
 *       second);</li>
 *   <li>r2, {@code waitEpoch()}: -1 (no wait), 1 or 2;</li>
 *   <li>r3, {@code waitTarget()}: 0 null, 1 the first wait's target, 2 the second's;</li>
 *   <li>r4, {@code waitSinceNanos()}: 0, 1 the first wait's since, 2 another (the second's).</li>
 * </ul>
 */
final class WaitReadings {
    static final String FIRST_REASON = "chan receive";
    static final String SECOND_REASON = "select";
    static final WaitTarget FIRST_TARGET = WaitTarget.of(new Object(), "x", null, null);
    static final WaitTarget SECOND_TARGET = WaitTarget.of(new Object(), "x", null, null);

    /**
     * The goroutine's thread: never started, and held here for good, so its records are never
     * enqueued on CollectedGoroutines' queue (a record is a weak reference to its thread).
     */
    private static final Thread THREAD = new Thread(() -> { }, "jcstress goroutine (never started)");
    private static final CreationSite SITE = new CreationSite(List.of(), 0);

    /**
     * What the models ask LeakSinks.captureWaitStack about: one record for all of them, since the
     * answer does not depend on it while no sink is loaded.
     */
    static final G MODELS_RECORD = newRecord();

    private WaitReadings() {
    }

    /** A goroutine's record, as Go.go makes one; not registered anywhere. */
    static G newRecord() {
        return new G(THREAD, 1, null, SITE, Map.of(), false);
    }

    /** Records one reader's readings, made before this is called (so coding them costs no time between them). */
    static void record(IIII_Result r, String reason, long epoch, WaitTarget target, long since, long firstSince) {
        r.r1 = reason == null ? 0 : reason.equals(FIRST_REASON) ? 1 : reason.equals(SECOND_REASON) ? 2 : 9;
        r.r2 = (int) epoch;
        r.r3 = target == null ? 0 : target == FIRST_TARGET ? 1 : target == SECOND_TARGET ? 2 : 9;
        r.r4 = since == 0 ? 0 : since == firstSince ? 1 : 2;
    }
}
