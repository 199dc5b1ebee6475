package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stresses the scheduler's wake-up paths. A lost wake-up leaves a goroutine runnable but never run,
 * which these tests turn into a failed join with a deadline; a duplicated one runs a goroutine
 * twice, which the token accounting catches.
 */
class SchedulerStressTest {

    /**
     * Goroutines pass tokens to random others (wake-ups from carriers: runnext, local, spills,
     * steals), platform threads inject tokens from outside (global queue), some goroutines yield,
     * some spawn. Tokens are conserved and every goroutine ends.
     */
    @Test
    void tokensPassedAmongGoroutinesAreNeverLostOrDuplicated() throws Exception {
        int n = 200;
        int injectors = 2;
        int injectedEach = Await.scale(2_000, 50_000);
        long passesWanted = Await.scale(200_000, 5_000_000);
        AtomicIntegerArray tokens = new AtomicIntegerArray(n);
        AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(n);
        AtomicLong passes = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder consumed = new LongAdder();
        LongAdder spawned = new LongAdder();
        int initial = 50;
        for (int i = 0; i < initial; i++) {
            tokens.incrementAndGet(i);
        }
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int me = i;
            gs.add(Go.go("token-" + i, () -> {
                threads.set(me, Thread.currentThread());
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (true) {
                    int t = tokens.get(me);
                    if (t > 0) {
                        if (!tokens.compareAndSet(me, t, t - 1)) {
                            continue;
                        }
                        if (stop.get()) {
                            consumed.increment(); // drain: keep the token out of circulation
                            continue;
                        }
                        int to = rnd.nextInt(n);
                        tokens.incrementAndGet(to);
                        Thread target = threads.get(to);
                        if (target != null) {
                            LockSupport.unpark(target);
                        }
                        long p = passes.incrementAndGet();
                        if ((p & 63) == 0) {
                            Go.yield();
                        }
                        if ((p & 1023) == 0) {
                            Go.go(spawned::increment);
                        }
                    } else if (stop.get()) {
                        return;
                    } else {
                        LockSupport.park();
                    }
                }
            }));
        }
        Await.until("all token goroutines started", Duration.ofSeconds(10), () -> {
            for (int i = 0; i < n; i++) {
                if (threads.get(i) == null) {
                    return false;
                }
            }
            return true;
        });
        for (int i = 0; i < n; i++) {
            LockSupport.unpark(threads.get(i)); // whoever parked before the array was complete
        }
        List<Thread> inj = new ArrayList<>();
        for (int k = 0; k < injectors; k++) {
            inj.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int j = 0; j < injectedEach; j++) {
                    int to = rnd.nextInt(n);
                    tokens.incrementAndGet(to);
                    LockSupport.unpark(threads.get(to));
                }
            }));
        }
        for (Thread t : inj) {
            t.join();
        }
        Await.until(passesWanted + " passes", Duration.ofSeconds(60), () -> passes.get() >= passesWanted);
        stop.set(true);
        for (int i = 0; i < n; i++) {
            LockSupport.unpark(threads.get(i));
        }
        for (Goroutine g : gs) {
            assertThat(g.join(Duration.ofSeconds(30))).as("%s ended (no lost wake-up)", g.name()).isTrue();
        }
        int left = 0;
        for (int i = 0; i < n; i++) {
            left += tokens.get(i);
        }
        assertThat(consumed.sum() + left).as("tokens conserved").isEqualTo(initial + (long) injectors * injectedEach);
    }

    /** Every wake-up of an idle scheduler from outside is noticed (the idle P / spinning M protocol). */
    @Test
    void wakingAnIdleSchedulerFromOutsideIsNeverLost() {
        int rounds = Await.scale(20_000, 500_000);
        for (int i = 0; i < rounds; i++) {
            Goroutine g = Go.go(() -> { });
            if (!g.join(Duration.ofSeconds(10))) {
                throw new AssertionError("round " + i + ": goroutine never ran; " + Scheduler.summary());
            }
        }
        assertThat(Go.numGoroutine()).isLessThan(100);
    }

    /** Two goroutines wake each other across P's while carriers go idle and come back. */
    @Test
    void pingPongAcrossIdlePsCompletes() {
        int rounds = Await.scale(100_000, 2_000_000);
        AtomicReferenceArray<Thread> ts = new AtomicReferenceArray<>(2);
        AtomicIntegerArray turn = new AtomicIntegerArray(1);
        Goroutine[] gs = new Goroutine[2];
        for (int k = 0; k < 2; k++) {
            int me = k;
            gs[k] = Go.go(() -> {
                ts.set(me, Thread.currentThread());
                for (int r = 0; r < rounds; r++) {
                    while (turn.get(0) != me) {
                        LockSupport.park();
                    }
                    turn.set(0, 1 - me);
                    Thread other;
                    while ((other = ts.get(1 - me)) == null) {
                        LockSupport.parkNanos(10_000);
                    }
                    LockSupport.unpark(other);
                }
            });
        }
        for (Goroutine g : gs) {
            assertThat(g.join(Duration.ofSeconds(60))).as("ping-pong finished").isTrue();
        }
    }
}
