package io.gmp4j.time;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static io.gmp4j.time.TimeAsserts.assertNothingArrives;
import static io.gmp4j.time.TimeAsserts.millisSince;
import static io.gmp4j.time.TimeAsserts.recvWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TickerTest {
    private static final Duration PERIOD = Duration.ofMillis(20);
    /** Instant.now() and System.nanoTime() are different clocks: allow them to disagree a little. */
    private static final long CLOCK_SLACK_MS = 5;

    @Test
    void ticksArriveInOrderAtTheFixedRateNeverEarlyNeverDoubled() {
        int n = 10;
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        Ticker t = Time.newTicker(PERIOD);
        try {
            List<Instant> ticks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ticks.add(recvWithin(t.c()));
            }
            for (int i = 0; i < n; i++) {
                long offsetMs = Duration.between(start, ticks.get(i)).toMillis();
                assertThat(offsetMs).as("tick %d is not early", i + 1)
                        .isGreaterThanOrEqualTo((i + 1) * PERIOD.toMillis() - CLOCK_SLACK_MS);
                if (i > 0) {
                    assertThat(ticks.get(i)).as("tick %d after tick %d", i + 1, i).isAfter(ticks.get(i - 1));
                }
            }
            assertThat(millisSince(startNanos)).isGreaterThanOrEqualTo(n * PERIOD.toMillis());
        } finally {
            t.stop();
        }
    }

    @Test
    void afterStopNoTickArrives() {
        Ticker t = Time.newTicker(PERIOD);
        recvWithin(t.c());
        awaitTickBuffered(t);
        t.stop();
        assertThat(t.c().tryRecv()).as("tick sent before stop").isNull();
        assertNothingArrives(t.c(), Duration.ofMillis(300));
        t.stop(); // stopping twice is harmless
    }

    @Test
    void aSlowReceiverGetsDroppedTicksNotABacklog() {
        Ticker t = Time.newTicker(Duration.ofMillis(10));
        try {
            assertThat(t.c().cap()).isEqualTo(1);
            long end = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() - end < 0) { // about 30 periods without receiving
                assertThat(t.c().len()).isLessThanOrEqualTo(1);
                LockSupport.parkNanos(1_000_000);
            }
            Instant first = t.c().tryRecv();
            Instant takenAt = Instant.now();
            assertThat(first).as("one tick kept").isNotNull();
            Instant second = recvWithin(t.c());
            assertThat(second).as("the next tick is a fresh one: the missed ticks were dropped, not queued")
                    .isAfterOrEqualTo(takenAt.minusMillis(CLOCK_SLACK_MS));
        } finally {
            t.stop();
        }
    }

    @Test
    void resetChangesThePeriodAndLeavesNoStaleTick() {
        Ticker t = Time.newTicker(Duration.ofHours(1));
        try {
            long start = System.nanoTime();
            t.reset(PERIOD);
            for (int i = 0; i < 5; i++) {
                recvWithin(t.c());
            }
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(5 * PERIOD.toMillis());
            awaitTickBuffered(t);
            t.reset(Duration.ofHours(1));
            assertThat(t.c().tryRecv()).as("tick sent before reset").isNull();
            assertNothingArrives(t.c(), Duration.ofMillis(300));
        } finally {
            t.stop();
        }
    }

    @Test
    void nonPositivePeriodsAreRejected() {
        assertThatThrownBy(() -> Time.newTicker(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Time.newTicker(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        Ticker t = Time.newTicker(Duration.ofHours(1));
        try {
            assertThatThrownBy(() -> t.reset(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            t.stop();
        }
    }

    private static void awaitTickBuffered(Ticker t) {
        Await.until("a tick buffered", TimeAsserts.LONG, () -> t.c().len() == 1);
    }
}
