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
    void aReferencedTimerOrChannelStillFiresAfterGc() {
        Timer t = Time.newTimer(Duration.ofMillis(200));
        RecvChan<Instant> ch = Time.after(Duration.ofMillis(200));
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertThat(recvWithin(t.c())).isNotNull();
        assertThat(recvWithin(ch)).isNotNull();
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
