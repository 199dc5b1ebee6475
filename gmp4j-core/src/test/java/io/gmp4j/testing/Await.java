package io.gmp4j.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition to hold, failing with a message after a deadline (never a bare sleep). */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Larger counts under -Pstress (system property gmp4j.stress=true). */
    public static int scale(int normal, int stress) {
        return Boolean.getBoolean("gmp4j.stress") ? stress : normal;
    }
}
