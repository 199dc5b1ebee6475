package io.gmp4j;

import io.gmp4j.internal.g.Registry;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

class SpawnJoinStressTest {

    /** One million goroutines, spawned from a tree of goroutines, each run exactly once and accounted for. */
    @Test
    void millionSpawnsAreAccountedForExactly() {
        int fanout = 100;
        int leavesPerSpawner = 10_000;
        long total = (long) fanout * leavesPerSpawner;
        io.gmp4j.testing.Leaks.settle(); // goroutines earlier tests leaked must not leave the count midway
        int before = Go.numGoroutine();
        long startedBefore = Registry.global().startedTotal();
        LongAdder runs = new LongAdder();
        AtomicLong idSum = new AtomicLong();
        AtomicLong maxSeen = new AtomicLong();
        Goroutine[] spawners = new Goroutine[fanout];
        for (int s = 0; s < fanout; s++) {
            spawners[s] = Go.go(() -> {
                Goroutine[] leaves = new Goroutine[leavesPerSpawner];
                for (int i = 0; i < leavesPerSpawner; i++) {
                    leaves[i] = Go.go(() -> {
                        runs.increment();
                        idSum.addAndGet(Go.current().orElseThrow().id());
                    });
                }
                maxSeen.accumulateAndGet(Go.numGoroutine(), Math::max);
                long sum = 0;
                for (Goroutine g : leaves) {
                    g.join();
                    sum += g.id();
                }
                idSum.addAndGet(-sum);
            });
        }
        for (Goroutine s : spawners) {
            s.join();
        }
        assertThat(runs.sum()).as("each leaf ran exactly once").isEqualTo(total);
        assertThat(idSum.get()).as("the goroutines that ran are exactly the ones started").isZero();
        assertThat(Registry.global().startedTotal() - startedBefore).isEqualTo(total + fanout);
        assertThat(Go.numGoroutine()).as("exact once all are joined").isEqualTo(before);
        assertThat(maxSeen.get()).isGreaterThan(1);
    }
}
