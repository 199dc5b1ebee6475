package io.gmp4j;

import io.gmp4j.internal.runtime.GoRuntime;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class StealingTest {

    /**
     * The spawner keeps its P busy (it spins until its children have run), so children queued on
     * that P can only run elsewhere by being stolen (fewer than half a ring: no spill to the global queue).
     */
    @Test
    void idlePsStealFromABusyOne() {
        long stolenBefore = stolenDispatches();
        int n = 100;
        AtomicInteger ran = new AtomicInteger();
        Set<Integer> ranOn = ConcurrentHashMap.newKeySet();
        AtomicReference<Integer> spawnerP = new AtomicReference<>();
        Go.go(() -> {
            spawnerP.set(procId());
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    ranOn.add(procId());
                    ran.incrementAndGet();
                });
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (ran.get() < n && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // hold the P: children must be stolen
            }
        }).join();
        assertThat(ran.get()).isEqualTo(n);
        assertThat(ranOn).as("ran on other P's than the spawner's").isNotEqualTo(Set.of(spawnerP.get()));
        assertThat(stolenDispatches() - stolenBefore).isPositive();
    }

    /**
     * A goroutine readied alone into runnext does not wake an idle P at once (the waker usually
     * blocks next); if the waker keeps computing, sysmon nudges an idle P, which steals it, long
     * before a hand-off would (a hand-off would run it on the spawner's own P).
     */
    @Test
    void aLoneWokenGoroutineIsTakenByAnIdlePWhenItsWakerKeepsRunning() {
        AtomicReference<Integer> spawnerP = new AtomicReference<>();
        AtomicReference<Integer> childP = new AtomicReference<>();
        AtomicInteger ranWhileSpawnerBusy = new AtomicInteger();
        AtomicInteger spawnerDone = new AtomicInteger();
        Go.go(() -> {
            spawnerP.set(procId());
            spin(1_000_000); // let the spinners that started us give up (they spin 20 µs) and park
            Go.go(() -> {
                childP.set(procId());
                if (spawnerDone.get() == 0) {
                    ranWhileSpawnerBusy.set(1);
                }
            });
            long end = System.nanoTime() + 300_000_000L;
            while (childP.get() == null && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            spawnerDone.set(1);
        }).join();
        io.gmp4j.testing.Await.until("child ran", java.time.Duration.ofSeconds(10), () -> childP.get() != null);
        assertThat(ranWhileSpawnerBusy.get()).as("the child did not wait for the spawner").isEqualTo(1);
        assertThat(childP.get()).as("taken by another P, not handed off: %s", Scheduler.handoffs()).isNotEqualTo(spawnerP.get());
    }

    /** Work spawned from one goroutine runs on every P. */
    @Test
    void workSpawnedOnOnePRunsOnEveryP() {
        Set<Integer> ranOn = ConcurrentHashMap.newKeySet();
        Go.go(() -> {
            Goroutine[] gs = new Goroutine[2_000];
            for (int i = 0; i < gs.length; i++) {
                gs[i] = Go.go(() -> {
                    ranOn.add(procId());
                    spin(50_000);
                });
            }
            for (Goroutine g : gs) {
                g.join();
            }
        }).join();
        assertThat(ranOn).containsExactlyInAnyOrderElementsOf(IntStream.range(0, Scheduler.procs()).boxed().toList());
    }

    private static long stolenDispatches() {
        return Scheduler.processors().stream().mapToLong(ProcessorStats::stolenDispatches).sum();
    }

    private static int procId() {
        return GoRuntime.get().scheduler().currentProcId();
    }

    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
