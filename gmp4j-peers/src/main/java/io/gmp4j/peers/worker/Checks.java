package io.gmp4j.peers.worker;

/** Result checks shared by the peers: a workload that computes a wrong answer must not be timed. */
public final class Checks {
    private Checks() {
    }

    public static void expect(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + " was " + actual + ", expected " + expected);
        }
    }

    /** W4's leaf count must be 1, 10, 100, ...: any other size makes nodes whose children have size 0, a tree that never ends. */
    public static void requirePowerOfTen(String what, long n) {
        long x = n;
        while (x >= 10 && x % 10 == 0) {
            x /= 10;
        }
        if (x != 1) {
            throw new IllegalArgumentException(what + " must be a power of 10, got " + n);
        }
    }

    /** Sum of 1..n. */
    public static long triangle(long n) {
        return n * (n + 1) / 2;
    }

    public static double nanosPer(long startNanos, long count) {
        return (double) (System.nanoTime() - startNanos) / count;
    }
}
