package io.gmp4j.probes;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.internal.g.G;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Child-JVM probe: parks goroutines forever where nothing can wake them, drops every reference to
 * their threads, and reports how many threads the GC collected although their records are still
 * registered (run with -Djdk.trackAllThreads=false so the JDK's root container does not hold them).
 */
public final class ReachabilityProbe {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            gs.add(Go.go(() -> {
                // Exercise the scheduler's queues first, then block forever.
                Go.yield();
                LockSupport.park(new Object());
            }));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gs.stream().anyMatch(g -> g.state() != GoroutineState.WAITING) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        int collected = 0;
        for (int round = 0; round < 20 && collected < n; round++) {
            System.gc();
            LockSupport.parkNanos(50_000_000);
            collected = (int) gs.stream().filter(g -> ((G) g).get() == null).count();
        }
        System.out.println("registered=" + Go.numGoroutine());
        System.out.println("collected=" + collected);
    }
}
