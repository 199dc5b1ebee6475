package io.gmp4j.internal.sched;

import io.gmp4j.testing.Await;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Model-checks the local run queue: the owner's put / putNext / poll (one thread at a time, as in
 * the scheduler) against thieves stealing from other threads. The sequential specification is a
 * bounded FIFO plus a runnext slot; stealing takes the older half (rounded up) of the ring.
 *
 * <p>A scheduler's steal is "the ring's half, or else runnext": two linearizable steps, not one.
 * Between them the owner may fill the ring and set runnext, so a thief can take runnext while the
 * ring is non-empty (Go's runqgrab behaves the same; nothing is lost or duplicated). The test
 * therefore checks the two steps as two operations, {@link #stealRing()} and {@link #stealNext()}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class LocalRunQueueLincheckTest {
    private static final int CAPACITY = 4;
    private final LocalRunQueue<Integer> q = new LocalRunQueue<>(CAPACITY);

    @Operation(nonParallelGroup = "owner")
    public boolean offer(@Param(name = "value") int v) {
        return q.offer(v);
    }

    @Operation(nonParallelGroup = "owner")
    public Integer putNext(@Param(name = "value") int v) {
        return q.putNext(v);
    }

    @Operation(nonParallelGroup = "owner")
    public Integer poll() {
        return q.poll();
    }

    @Operation
    public Integer stealNext() {
        return q.pollNext();
    }

    @Operation
    public List<Integer> stealRing() {
        LocalRunQueue<Integer> mine = new LocalRunQueue<>(CAPACITY);
        Integer last = mine.stealFrom(q, false);
        List<Integer> got = new ArrayList<>();
        Integer x;
        while ((x = mine.poll()) != null) {
            got.add(x);
        }
        if (last != null) {
            got.add(last);
        }
        return got;
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(Await.scale(30, 300))
                .invocationsPerIteration(Await.scale(500, 5_000))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(3)
                .sequentialSpecification(Spec.class)
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions()
                .iterations(Await.scale(20, 200))
                .invocationsPerIteration(Await.scale(1_000, 10_000))
                .threads(3)
                .actorsPerThread(3)
                .sequentialSpecification(Spec.class)
                .check(getClass());
    }

    /** The sequential specification. */
    public static class Spec {
        private final ArrayDeque<Integer> ring = new ArrayDeque<>();
        private Integer next;

        public boolean offer(int v) {
            if (ring.size() >= CAPACITY) {
                return false;
            }
            ring.addLast(v);
            return true;
        }

        public Integer putNext(int v) {
            Integer old = next;
            next = v;
            return old;
        }

        public Integer poll() {
            if (next != null) {
                Integer x = next;
                next = null;
                return x;
            }
            return ring.pollFirst();
        }

        public Integer stealNext() {
            Integer x = next;
            next = null;
            return x;
        }

        public List<Integer> stealRing() {
            int n = ring.size() - ring.size() / 2;
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                got.add(ring.pollFirst());
            }
            return got;
        }
    }
}
