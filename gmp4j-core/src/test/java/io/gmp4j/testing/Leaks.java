package io.gmp4j.testing;

import io.gmp4j.internal.g.CollectedGoroutines;

/** Test helper for exact goroutine counts in a JVM where earlier tests left goroutines blocked for ever. */
public final class Leaks {
    private Leaks() {
    }

    /**
     * Collects and unregisters, now, every goroutine that is already blocked beyond reach (a full
     * GC, then the registry sweep the leak detector uses), so that none of them leaves the count
     * in the middle of a test that checks {@code Go.numGoroutine()} exactly.
     */
    public static void settle() {
        System.gc();
        CollectedGoroutines.sweepRegistry();
        CollectedGoroutines.awaitHandedOn(10_000);
    }
}
