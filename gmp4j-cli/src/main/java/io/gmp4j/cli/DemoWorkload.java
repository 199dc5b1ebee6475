package io.gmp4j.cli;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's mixed workload: ping-pong pairs (runnext hand-offs), sleepers (timer wake-ups from
 * outside: the global queue), CPU bursts that yield, spawners of short-lived goroutines (stealing),
 * and one hog that computes for 50 ms now and then (sysmon hand-offs).
 */
final class DemoWorkload {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Goroutine> all = new ArrayList<>();
    private final List<AtomicReference<Thread>> parked = new ArrayList<>();
    private final LongAdder hops = new LongAdder();
    private final LongAdder sleeps = new LongAdder();
    private final LongAdder bursts = new LongAdder();
    private final LongAdder spawned = new LongAdder();
    private final LongAdder hogs = new LongAdder();
    private final LongAdder leaked = new LongAdder();

    static DemoWorkload start(int goroutines, int leaksPerSecond) {
        DemoWorkload w = new DemoWorkload();
        if (leaksPerSecond > 0) {
            w.add(Go.go("leaky-caller", Map.of("role", "leaky-caller"), () -> w.leakyCaller(leaksPerSecond)));
        }
        int pairs = goroutines / 10;
        int sleepers = goroutines / 2;
        int burners = goroutines / 10;
        int spawners = Math.max(1, goroutines / 100);
        for (int i = 0; i < pairs; i++) {
            w.pingPong(i);
        }
        for (int i = 0; i < sleepers; i++) {
            w.add(Go.go("sleeper-" + i, Map.of("role", "sleeper"), w::sleeper));
        }
        for (int i = 0; i < burners; i++) {
            w.add(Go.go("burner-" + i, Map.of("role", "burner"), w::burner));
        }
        for (int i = 0; i < spawners; i++) {
            w.add(Go.go("spawner-" + i, Map.of("role", "spawner"), w::spawner));
        }
        w.add(Go.go("hog", Map.of("role", "hog"), w::hog));
        return w;
    }

    private void add(Goroutine g) {
        all.add(g);
    }

    private void pingPong(int i) {
        AtomicReference<Thread> a = new AtomicReference<>();
        AtomicReference<Thread> b = new AtomicReference<>();
        parked.add(a);
        parked.add(b);
        int[] turn = {0};
        Object lock = new Object();
        add(Go.go("ping-" + i, Map.of("role", "ping"), () -> pingPongLoop(0, turn, lock, a, b)));
        add(Go.go("pong-" + i, Map.of("role", "pong"), () -> pingPongLoop(1, turn, lock, b, a)));
    }

    private void pingPongLoop(int me, int[] turn, Object lock, AtomicReference<Thread> self, AtomicReference<Thread> other) {
        self.set(Thread.currentThread());
        Thread partner = other.get();
        if (partner != null) {
            LockSupport.unpark(partner);
        }
        while (!stop.get()) {
            boolean mine;
            synchronized (lock) {
                mine = turn[0] == me;
                if (mine) {
                    turn[0] = 1 - me;
                }
            }
            if (mine) {
                hops.increment();
                Thread o = other.get();
                if (o != null) {
                    LockSupport.unpark(o);
                }
                if (ThreadLocalRandom.current().nextInt(64) == 0) {
                    LockSupport.parkNanos(200_000); // breathe: lets P's go idle and be woken again
                }
            } else {
                LockSupport.park(lock);
            }
        }
    }

    private void sleeper() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (!stop.get()) {
            try {
                Thread.sleep(Duration.ofMillis(5 + rnd.nextInt(200)));
            } catch (InterruptedException e) {
                return;
            }
            sleeps.increment();
        }
    }

    private void burner() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long x = rnd.nextLong();
        while (!stop.get()) {
            for (int i = 0; i < 20_000; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            bursts.increment();
            if (x == 42) {
                System.out.print(""); // keep x alive
            }
            try {
                Thread.sleep(Duration.ofMillis(1 + rnd.nextInt(20)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void spawner() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (!stop.get()) {
            Goroutine[] kids = new Goroutine[50];
            for (int i = 0; i < kids.length; i++) {
                kids[i] = Go.go(() -> {
                    long s = 0;
                    for (int k = 0; k < 2_000; k++) {
                        s += k * 31L;
                    }
                    if (s == 1) {
                        System.out.print("");
                    }
                    spawned.increment();
                });
            }
            for (Goroutine k : kids) {
                k.join();
            }
            try {
                Thread.sleep(Duration.ofMillis(5 + rnd.nextInt(10)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The reference article's first leak, on purpose: a caller gives up on a slow fetch after 1 ms
     * and returns; the fetch then blocks for ever sending its result on an unbuffered channel
     * nobody reads. The GC proves each one leaked (LeakDetector).
     */
    private void leakyCaller(int perSecond) {
        long pause = 1_000_000_000L / perSecond;
        while (!stop.get()) {
            io.gmp4j.Chan<String> result = io.gmp4j.Chan.make();
            io.gmp4j.Chan<Void> gaveUp = io.gmp4j.Chan.make();
            Goroutine fetch = Go.go("leaky-fetch", Map.of("role", "leaky-fetch"), () -> {
                gaveUp.recv(); // the slow work: done only after the caller's timeout
                result.send("late");
            });
            io.gmp4j.Select.create().recv(result, v -> { }).after(Duration.ofMillis(1), () -> { }).select();
            gaveUp.close();
            while (!"chan send".equals(fetch.waitReason())) {
                Go.yield(); // counted once it is blocked for good (the demo's final check is exact)
            }
            leaked.increment();
            LockSupport.parkNanos(pause);
        }
    }

    long leaked() {
        return leaked.sum();
    }

    private void hog() {
        while (!stop.get()) {
            long end = System.nanoTime() + 50_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            hogs.increment();
            try {
                Thread.sleep(Duration.ofMillis(700));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    String progress() {
        return String.format("hops %,d sleeps %,d bursts %,d spawned %,d hogs %d",
                hops.sum(), sleeps.sum(), bursts.sum(), spawned.sum(), hogs.sum());
    }

    String summary() {
        return progress();
    }

    /** Stops every goroutine and waits for them; returns false if some did not end in time. */
    boolean stop(Duration timeout) {
        stop.set(true);
        for (AtomicReference<Thread> t : parked) {
            Thread th = t.get();
            if (th != null) {
                LockSupport.unpark(th);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ok = true;
        for (Goroutine g : all) {
            ok &= g.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return ok;
    }
}
