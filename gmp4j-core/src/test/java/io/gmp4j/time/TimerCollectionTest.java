package io.gmp4j.time;

import io.gmp4j.RecvChan;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static io.gmp4j.time.TimeAsserts.recvWithin;
import static org.assertj.core.api.Assertions.assertThat;

/** Go 1.23: timers nobody refers to are garbage, and so are their scheduled tasks. */
class TimerCollectionTest {
    private static final int N = 100;

    @Test
    void unreferencedAfterChannelsAreCollectedAndTheirTasksLeaveTheQueue() {
        int before = TimerCore.queueSize();
        List<WeakReference<RecvChan<Instant>>> refs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            refs.add(new WeakReference<>(Time.after(Duration.ofHours(1))));
        }
        int armed = TimerCore.queueSize();
        assertThat(armed).as("one task per timer").isGreaterThanOrEqualTo(before + N);
        gcUntil("channels collected", () -> refs.stream().allMatch(r -> r.get() == null));
        // Other timers may come and go meanwhile; N/10 leaves room for them, not for our N tasks.
        gcUntil("tasks removed", () -> TimerCore.queueSize() <= before + N / 10);
    }

    @Test
    void anUnreferencedTickerStopsTickingAndIsCollected() {
        int before = TimerCore.queueSize();
        List<WeakReference<Object>> refs = unreferencedTickers();
        gcUntil("tickers collected", () -> refs.stream().allMatch(r -> r.get() == null));
        gcUntil("tasks removed", () -> TimerCore.queueSize() <= before + N / 10);
    }

    @Test
    void unreferencedTickChannelsAreCollectedAndTheirTasksLeaveTheQueue() {
        int before = TimerCore.queueSize();
        List<WeakReference<RecvChan<Instant>>> refs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            refs.add(new WeakReference<>(Time.tick(Duration.ofMillis(5))));
        }
        gcUntil("tick channels collected", () -> refs.stream().allMatch(r -> r.get() == null));
        gcUntil("tasks removed", () -> TimerCore.queueSize() <= before + N / 10);
    }

    @Test
    void aReferencedTimerOrChannelStillFiresAfterGc() {
        Timer t = Time.newTimer(Duration.ofMillis(200));
        RecvChan<Instant> ch = Time.after(Duration.ofMillis(200));
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertThat(recvWithin(t.c())).isNotNull();
        assertThat(recvWithin(ch)).isNotNull();
    }

    /**
     * Go 1.23 keeps a timer channel's timer in the runtime while a goroutine is blocked on it: a
     * goroutine waiting only on an unreferenced timer or ticker is woken, never collected.
     */
    @Test
    void aGoroutineBlockedOnlyOnAnUnreferencedTimerChannelIsWokenNotCollected() {
        io.gmp4j.Chan<String> results = io.gmp4j.Chan.make(2);
        io.gmp4j.Go.go(() -> {
            Time.after(Duration.ofMillis(300)).recv(); // nothing else refers to this channel
            results.send("after");
        });
        io.gmp4j.Go.go(() -> {
            int ticks = 0;
            for (Instant ignored : Time.newTicker(Duration.ofMillis(100)).c()) { // nor to this ticker
                if (++ticks == 3) {
                    break;
                }
            }
            results.send("ticker");
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> got = new ArrayList<>();
        while (got.size() < 2) {
            assertThat(System.nanoTime()).as("both woke up; got " + got).isLessThan(deadline);
            System.gc();
            String r = results.tryRecv();
            if (r != null) {
                got.add(r);
            } else {
                LockSupport.parkNanos(10_000_000);
            }
        }
        assertThat(got).containsExactlyInAnyOrder("after", "ticker");
    }

    /** Many goroutines blocking and resuming on their own unreferenced tickers and timers while GCs run: none is lost. */
    @Test
    void manyGoroutinesOnUnreferencedTimerChannelsAllFinishUnderRepeatedGc() {
        int n = 200;
        io.gmp4j.Chan<Integer> finished = io.gmp4j.Chan.make(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            io.gmp4j.Go.go(() -> {
                if (k % 2 == 0) {
                    int ticks = 0;
                    for (Instant ignored : Time.newTicker(Duration.ofMillis(7 + k % 5)).c()) {
                        if (++ticks == 4) {
                            break;
                        }
                    }
                } else {
                    io.gmp4j.Select.create().recv(Time.after(Duration.ofMillis(30 + k % 20)), v -> { })
                            .recv(io.gmp4j.Chan.<Integer>make(), v -> { }).select(); // the other case never fires
                }
                finished.send(k);
            });
        }
        java.util.Set<Integer> done = new java.util.HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (done.size() < n) {
            assertThat(System.nanoTime()).as("all finished; %d of %d", done.size(), n).isLessThan(deadline);
            System.gc();
            for (Integer k; (k = finished.tryRecv()) != null; ) {
                assertThat(done.add(k)).as("finished once: " + k).isTrue();
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    @Test
    void aGoroutineBlockedOnAStoppedUnreferencedTimerIsCollected() {
        List<WeakReference<Thread>> threads = new ArrayList<>();
        blockOnStoppedTimer(threads);
        gcUntil("the blocked goroutine collected", () -> threads.getFirst().get() == null);
    }

    private static void blockOnStoppedTimer(List<WeakReference<Thread>> threads) {
        Timer t = Time.newTimer(Duration.ofHours(1));
        io.gmp4j.Chan<Void> started = io.gmp4j.Chan.make();
        io.gmp4j.Go.go(() -> {
            threads.add(new WeakReference<>(Thread.currentThread()));
            started.close();
            t.c().recv(); // stopped below: nothing can ever send here
        });
        started.recv();
        while (io.gmp4j.Go.all().stream().noneMatch(g -> "chan receive".equals(g.waitReason()) && g.waitingOn().orElse(null) == t.c())) {
            Thread.onSpinWait();
        }
        t.stop();
    }

    /** In its own frame, so that no local variable of the test keeps the last ticker alive. */
    private static List<WeakReference<Object>> unreferencedTickers() {
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Ticker t = Time.newTicker(Duration.ofMillis(5));
            refs.add(new WeakReference<>(t));
            refs.add(new WeakReference<>(t.c()));
        }
        return refs;
    }

    /** Runs System.gc() every 20 ms until the condition holds; fails after 20 s. */
    private static void gcUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for: " + what).isNegative();
            System.gc();
            LockSupport.parkNanos(20_000_000);
        }
    }
}
