package io.gmp4j.time;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.RecvChan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import static io.gmp4j.time.TimeAsserts.LONG;
import static io.gmp4j.time.TimeAsserts.millisSince;
import static io.gmp4j.time.TimeAsserts.recvWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's {@code time.Tick}: a tick channel that nothing stops. */
class TickTest {
    private static final Duration PERIOD = Duration.ofMillis(20);
    /** Instant.now() and System.nanoTime() are different clocks: allow them to disagree a little. */
    private static final long CLOCK_SLACK_MS = 5;

    @Test
    void ticksArriveInOrderAtTheFixedRate() {
        int n = 10;
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        RecvChan<Instant> c = Time.tick(PERIOD);
        assertThat(c.cap()).as("Ticker's channel: capacity 1").isEqualTo(1);
        List<Instant> ticks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ticks.add(recvWithin(c));
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
    }

    /**
     * Only the channel is referenced (the ticker behind it is garbage at once): ticks must go on
     * through garbage collections and through stretches in which nobody receives.
     */
    @Test
    void ticksNeverStopWhileTheChannelIsReferenced() {
        RecvChan<Instant> c = Time.tick(PERIOD);
        Instant last = recvWithin(c);
        for (int round = 0; round < 3; round++) {
            long idleUntil = System.nanoTime() + 10 * PERIOD.toNanos();
            while (System.nanoTime() - idleUntil < 0) { // ten periods unreceived, with collections
                System.gc();
                LockSupport.parkNanos(PERIOD.toNanos() / 2);
            }
            for (int i = 0; i < 3; i++) {
                Instant t = recvWithin(c);
                assertThat(t).as("round %d: a fresh tick after the last", round).isAfter(last);
                last = t;
            }
        }
        assertThat(c.isClosed()).as("a tick channel is never closed").isFalse();
    }

    @Test
    void aGoroutineRangingOverATickIsWokenEveryPeriodNeverCollected() {
        CompletableFuture<Integer> counted = new CompletableFuture<>();
        Goroutine g = Go.go(() -> {
            int ticks = 0;
            for (Instant ignored : Time.tick(PERIOD)) { // Go's: for range time.Tick(d); nothing else refers to it
                if (++ticks == 5) {
                    break;
                }
            }
            counted.complete(ticks);
        });
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!counted.isDone()) {
            assertThat(System.nanoTime() - deadline).as("the goroutine got its five ticks").isNegative();
            System.gc();
            LockSupport.parkNanos(PERIOD.toNanos() / 2);
        }
        assertThat(counted.join()).isEqualTo(5);
        assertThat(g.join(LONG)).isTrue();
    }

    @Test
    void nonPositivePeriodsAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> Time.tick(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-positive interval for Time.tick: PT0S");
        assertThatThrownBy(() -> Time.tick(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.005");
        assertThatThrownBy(() -> Time.tick(null)).isInstanceOf(NullPointerException.class);
    }
}
