package io.gmp4j.internal.sched;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRunQueueTest {

    @Test
    void ringIsFifoAndBounded() {
        LocalRunQueue<Integer> q = new LocalRunQueue<>(4);
        for (int i = 0; i < 4; i++) {
            assertThat(q.offer(i)).isTrue();
        }
        assertThat(q.offer(99)).as("full ring refuses").isFalse();
        assertThat(q.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(q.poll()).isEqualTo(i);
        }
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void wrapsAroundManyTimes() {
        LocalRunQueue<Integer> q = new LocalRunQueue<>(4);
        int next = 0;
        int expect = 0;
        for (int round = 0; round < 10_000; round++) {
            while (q.offer(next)) {
                next++;
            }
            for (int k = 0; k < 3; k++) {
                assertThat(q.poll()).isEqualTo(expect++);
            }
        }
        Integer x;
        while ((x = q.poll()) != null) {
            assertThat(x).isEqualTo(expect++);
        }
        assertThat(expect).isEqualTo(next);
    }

    @Test
    void runnextRunsFirstAndDisplacedGoesBackToCaller() {
        LocalRunQueue<String> q = new LocalRunQueue<>(8);
        q.offer("a");
        assertThat(q.putNext("n1")).isNull();
        assertThat(q.putNext("n2")).as("displaced").isEqualTo("n1");
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.poll()).isEqualTo("n2");
        assertThat(q.poll()).isEqualTo("a");
        assertThat(q.poll()).isNull();
    }

    @Test
    void takeHalfRemovesTheOlderHalf() {
        LocalRunQueue<Integer> q = new LocalRunQueue<>(8);
        for (int i = 0; i < 8; i++) {
            q.offer(i);
        }
        Object[] out = new Object[5];
        assertThat(q.takeHalf(out)).isEqualTo(4);
        assertThat(out).startsWith(0, 1, 2, 3);
        assertThat(q.poll()).isEqualTo(4);
        assertThat(q.size()).isEqualTo(3);
    }

    @Test
    void stealTakesHalfRoundedUpAndReturnsTheLastOne() {
        LocalRunQueue<Integer> victim = new LocalRunQueue<>(8);
        LocalRunQueue<Integer> thief = new LocalRunQueue<>(8);
        for (int i = 0; i < 5; i++) {
            victim.offer(i);
        }
        assertThat(thief.stealFrom(victim, false)).isEqualTo(2);
        assertThat(drain(thief)).containsExactly(0, 1);
        assertThat(drain(victim)).containsExactly(3, 4);
    }

    @Test
    void runnextIsStolenOnlyWhenAskedAndTheRingIsEmpty() {
        LocalRunQueue<Integer> victim = new LocalRunQueue<>(8);
        LocalRunQueue<Integer> thief = new LocalRunQueue<>(8);
        victim.putNext(7);
        assertThat(thief.stealFrom(victim, false)).isNull();
        assertThat(thief.stealFrom(victim, true)).isEqualTo(7);
        assertThat(victim.isEmpty()).isTrue();
    }

    @Test
    void consumedSlotsDoNotKeepElementsReachable() throws Exception {
        LocalRunQueue<Object> q = new LocalRunQueue<>(8);
        LocalRunQueue<Object> thief = new LocalRunQueue<>(8);
        for (int i = 0; i < 6; i++) {
            q.offer(new Object());
        }
        q.poll();                     // owner's own take clears its slot
        thief.stealFrom(q, false);    // thief cannot clear the victim's slots...
        assertThat(nonNullSlots(q)).isGreaterThan(q.size());
        q.clearStale();               // ...so the owner clears them before going idle
        assertThat(nonNullSlots(q)).isEqualTo(q.size());
        drain(thief);
        assertThat(nonNullSlots(thief)).isZero();
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new LocalRunQueue<>(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }

    private static <T> List<T> drain(LocalRunQueue<T> q) {
        List<T> out = new ArrayList<>();
        T x;
        while ((x = q.poll()) != null) {
            out.add(x);
        }
        return out;
    }

    private static int nonNullSlots(LocalRunQueue<?> q) throws Exception {
        Field f = LocalRunQueue.class.getDeclaredField("buf");
        f.setAccessible(true);
        int n = 0;
        for (Object o : (Object[]) f.get(q)) {
            if (o != null) {
                n++;
            }
        }
        return n;
    }
}
