package io.gmp4j.probes;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.internal.g.G;
import io.gmp4j.testing.RecordingLeakSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Child-JVM probe: parks goroutines forever where nothing can wake them, drops every reference to
 * their threads, and reports how many threads the GC collected although their records are still
 * registered, and how many the leak reaper then handed on (and unregistered) to the leak sink
 * it found through ServiceLoader (the test one, {@link RecordingLeakSink}). With a second
 * argument "hold" it keeps their threads itself: the control, where nothing may be collected.
 */
public final class ReachabilityProbe {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        boolean holdThreads = args.length > 1 && args[1].equals("hold");
        Set<Long> reaped = RecordingLeakSink.collectedIds(); // the runtime finds this sink through ServiceLoader
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
        List<Thread> held = new ArrayList<>();
        if (holdThreads) {
            gs.forEach(g -> held.add(((G) g).get()));
        }
        int collected = 0;
        for (int round = 0; round < 20 && collected < n; round++) {
            System.gc();
            LockSupport.parkNanos(50_000_000);
            collected = (int) gs.stream().filter(g -> ((G) g).get() == null).count();
        }
        // The reaper hands each collected goroutine on exactly once and unregisters it.
        for (int round = 0; round < 200 && reaped.size() < collected; round++) {
            LockSupport.parkNanos(10_000_000);
        }
        long ours = gs.stream().filter(g -> reaped.contains(g.id())).count();
        System.out.println("registered=" + Go.numGoroutine());
        System.out.println("collected=" + collected);
        System.out.println("reaped=" + ours + "/" + reaped.size());
        System.out.println("held=" + held.size());
    }
}
