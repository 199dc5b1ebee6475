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

    /** Sum of 1..n. */
    public static long triangle(long n) {
        return n * (n + 1) / 2;
    }

    public static double nanosPer(long startNanos, long count) {
        return (double) (System.nanoTime() - startNanos) / count;
    }
}
