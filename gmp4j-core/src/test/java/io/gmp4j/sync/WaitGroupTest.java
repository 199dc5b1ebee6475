package io.gmp4j.sync;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.UncaughtGoroutineHandler;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120) // a safety net: a lost wake-up fails instead of hanging the build
class WaitGroupTest {
    static final Duration LONG = Duration.ofSeconds(20);

    /** Starts a goroutine that awaits wg and then sets the flag. */
    private static Goroutine waiter(WaitGroup wg, AtomicBoolean returned) {
        return Go.go(() -> {
            wg.await();
            returned.set(true);
        });
    }

    /** wg.await() from a goroutine, so that a lost wake-up fails the test instead of hanging it. */
    private static void awaitWithin(WaitGroup wg) {
        assertThat(Go.go(wg::await).join(LONG)).as("await returned").isTrue();
    }

    private static void awaitBlocked(Goroutine g) {
        Await.until(g + " blocked in WaitGroup.await", LONG, () -> "sync.WaitGroup.Wait".equals(g.waitReason()));
    }

    @Test
    void awaitReturnsAtOnceOnAFreshWaitGroup() {
        awaitWithin(new WaitGroup());
    }

    @Test
    void awaitBlocksUntilTheLastDone() {
        WaitGroup wg = new WaitGroup();
        Chan<Boolean> gate = Chan.make();
        AtomicInteger finished = new AtomicInteger();
        wg.add(3);
        for (int i = 0; i < 3; i++) {
            Go.go(() -> {
                gate.recv();
                finished.incrementAndGet();
                wg.done();
            });
        }
        AtomicBoolean returned = new AtomicBoolean();
        Goroutine w = waiter(wg, returned);
        awaitBlocked(w);
        assertThat(returned).isFalse();
        gate.send(true);
        gate.send(true);
        assertThat(returned).isFalse();
        assertThat(w.waitReason()).isEqualTo("sync.WaitGroup.Wait");
        gate.send(true);
        assertThat(w.join(LONG)).isTrue();
        assertThat(returned).isTrue();
        assertThat(finished).hasValue(3);
    }

    @Test
    void waitReasonAndWaitedOnAreVisibleFromAnotherThread() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Goroutine w = waiter(wg, new AtomicBoolean());
        awaitBlocked(w);
        assertThat(w.waitingOn()).containsSame(wg);
        assertThat(w.waitingSince()).isPresent();
        wg.done();
        assertThat(w.join(LONG)).isTrue();
        assertThat(w.waitReason()).isEmpty();
    }

    @Test
    void goRunsTheTaskAndCountsIt() {
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            gs.add(wg.go(ran::incrementAndGet));
        }
        awaitWithin(wg);
        assertThat(ran).hasValue(100);
        gs.forEach(g -> assertThat(g.join(LONG)).isTrue());
    }

    @Test
    void goCallsDoneWhenTheTaskThrowsAndTheExceptionReachesTheUncaughtHandler() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        UncaughtGoroutineHandler previous = Go.setUncaughtHandler((g, e) -> seen.complete(e));
        try {
            WaitGroup wg = new WaitGroup();
            IllegalStateException boom = new IllegalStateException("boom");
            Goroutine g = wg.go(() -> {
                throw boom;
            });
            awaitWithin(wg);
            assertThat(seen.get(20, TimeUnit.SECONDS)).isSameAs(boom);
            assertThat(g.join(LONG)).isTrue();
            awaitWithin(wg); // counter is zero again
        } finally {
            Go.setUncaughtHandler(previous);
        }
    }

    @Test
    void aNegativeCounterThrowsAndLeavesTheCounterUnchanged() {
        WaitGroup wg = new WaitGroup();
        assertThatThrownBy(wg::done).isInstanceOf(IllegalStateException.class)
                .hasMessage("sync: negative WaitGroup counter");
        awaitWithin(wg); // still zero

        wg.add(2);
        assertThatThrownBy(() -> wg.add(-3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("sync: negative WaitGroup counter");
        wg.done(); // 2 -> 1: a waiter must still block
        AtomicBoolean returned = new AtomicBoolean();
        Goroutine w = waiter(wg, returned);
        awaitBlocked(w);
        assertThat(returned).isFalse();
        wg.done(); // 1 -> 0
        assertThat(w.join(LONG)).isTrue();
        assertThat(returned).isTrue();
        assertThatThrownBy(wg::done).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInterruptedWaiterThrowsKeepsItsStatusAndLeavesTheQueue() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                wg.await();
            } catch (Throwable e) {
                thrown.set(e);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        Await.until("parked in await", LONG, () -> wg.toString().contains("waiters=1"));
        t.interrupt();
        assertThat(t.join(LONG)).isTrue();
        assertThat(thrown.get()).isInstanceOf(GoroutineInterruptedException.class);
        assertThat(statusKept).isTrue();
        assertThat(wg.toString()).isEqualTo("WaitGroup[counter=1, waiters=0]");

        // The group still works: another waiter is released by the last done().
        AtomicBoolean returned = new AtomicBoolean();
        Goroutine w = waiter(wg, returned);
        awaitBlocked(w);
        wg.done();
        assertThat(w.join(LONG)).isTrue();
        assertThat(returned).isTrue();
    }

    @Test
    void manyGoroutinesAndManyWaitersAcrossReuses() {
        int tasks = Await.scale(10_000, 100_000);
        int waiters = 50;
        for (int round = 0; round < 3; round++) {
            WaitGroup wg = new WaitGroup();
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger sawAll = new AtomicInteger();
            wg.add(1); // keeps the waiters blocked until every task is started
            List<Goroutine> ws = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                ws.add(Go.go(() -> {
                    wg.await();
                    if (ran.get() == tasks) {
                        sawAll.incrementAndGet();
                    }
                }));
            }
            for (int i = 0; i < tasks; i++) {
                wg.go(ran::incrementAndGet);
            }
            wg.done();
            awaitWithin(wg);
            assertThat(ran).hasValue(tasks);
            for (Goroutine w : ws) {
                assertThat(w.join(LONG)).isTrue();
            }
            assertThat(sawAll).as("every waiter saw every task's effect").hasValue(waiters);
            assertThat(wg.toString()).isEqualTo("WaitGroup[counter=0, waiters=0]");
        }
    }

    @Test
    void concurrentAddsAndDonesNeverLoseAWakeUp() {
        int rounds = Await.scale(2_000, 20_000);
        for (int r = 0; r < rounds; r++) {
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            Goroutine w1 = Go.go(wg::await);
            Goroutine w2 = Go.go(wg::await);
            Go.go(wg::done);
            Go.go(wg::done);
            assertThat(w1.join(LONG)).as("round %d", r).isTrue();
            assertThat(w2.join(LONG)).as("round %d", r).isTrue();
        }
    }
}
