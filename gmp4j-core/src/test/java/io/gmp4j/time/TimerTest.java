package io.gmp4j.time;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.gmp4j.time.TimeAsserts.LONG;
import static io.gmp4j.time.TimeAsserts.assertNothingArrives;
import static io.gmp4j.time.TimeAsserts.millisSince;
import static io.gmp4j.time.TimeAsserts.recvWithin;
import static org.assertj.core.api.Assertions.assertThat;

class TimerTest {
    private static final Duration WINDOW = Duration.ofMillis(400);

    @Test
    void firesOnceAfterTheDuration() {
        long start = System.nanoTime();
        Timer t = Time.newTimer(Duration.ofMillis(30));
        assertThat(recvWithin(t.c())).isNotNull();
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(30);
        assertNothingArrives(t.c(), Duration.ofMillis(200));
    }

    @Test
    void stopBeforeFiringReturnsTrueAndNothingEverArrives() {
        Timer t = Time.newTimer(Duration.ofMillis(100));
        assertThat(t.stop()).isTrue();
        assertNothingArrives(t.c(), WINDOW);
        assertThat(t.stop()).as("already stopped").isFalse();
    }

    @Test
    void stopAfterTheValueWasReceivedReturnsFalse() {
        Timer t = Time.newTimer(Duration.ofMillis(10));
        recvWithin(t.c());
        assertThat(t.stop()).isFalse();
    }

    @Test
    void stopAfterFiringWithTheValueUnreadWithdrawsItLikeGo123() {
        Timer t = Time.newTimer(Duration.ofMillis(10));
        Await.until("fired", LONG, () -> t.c().len() == 1);
        assertThat(t.stop()).as("the unread value counts as not sent").isTrue();
        assertThat(t.c().tryRecv()).as("stale value").isNull();
        assertThat(t.stop()).isFalse();
    }

    @Test
    void resetOfAnActiveTimerReturnsTrueAndPostponesIt() {
        Timer t = Time.newTimer(Duration.ofMillis(100));
        long start = System.nanoTime();
        assertThat(t.reset(Duration.ofMillis(400))).isTrue();
        assertThat(recvWithin(t.c())).isNotNull();
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(400);
        assertNothingArrives(t.c(), Duration.ofMillis(200));
    }

    @Test
    void resetOfAStoppedOrReceivedTimerReturnsFalseAndFiresAgain() {
        Timer t = Time.newTimer(Duration.ofMillis(5));
        Instant first = recvWithin(t.c());
        assertThat(t.reset(Duration.ofMillis(20))).isFalse();
        assertThat(recvWithin(t.c())).isAfter(first);
        assertThat(t.stop()).isFalse();
        assertThat(t.reset(Duration.ofMillis(20))).isFalse();
        assertThat(recvWithin(t.c())).isNotNull();
    }

    @Test
    void resetAfterAnUnreadFiringLeavesNoStaleValue() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        Await.until("fired", LONG, () -> t.c().len() == 1);
        Instant resetAt = Instant.now();
        assertThat(t.reset(Duration.ofMillis(50))).isTrue();
        assertThat(t.c().tryRecv()).as("stale value right after reset").isNull();
        assertThat(recvWithin(t.c())).as("fresh value").isAfterOrEqualTo(resetAt);
    }

    /**
     * Stop and reset racing with the firing: a timer whose channel was never read from is always
     * found active (the value is withdrawn if it was sent), and no value ever shows up afterwards.
     */
    @Test
    void stopAndResetRacingWithTheFiringNeverLeaveAStaleValue() {
        int n = 3_000;
        List<Timer> timers = new ArrayList<>();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            Timer t = Time.newTimer(Duration.ofNanos(rnd.nextLong(200_000)));
            long spin = System.nanoTime() + rnd.nextLong(200_000);
            while (System.nanoTime() - spin < 0) {
                Thread.onSpinWait();
            }
            boolean active = i % 2 == 0 ? t.stop() : t.reset(Duration.ofHours(1));
            assertThat(active).as("timer %d", i).isTrue();
            assertThat(t.c().tryRecv()).as("timer %d", i).isNull();
            timers.add(t);
        }
        long end = System.nanoTime() + WINDOW.toNanos();
        while (System.nanoTime() - end < 0) {
            for (Timer t : timers) {
                assertThat(t.c().tryRecv()).isNull();
            }
        }
        for (int i = 1; i < n; i += 2) {
            assertThat(timers.get(i).stop()).as("reset timer %d still armed", i).isTrue();
        }
    }

    @Test
    void afterFuncRunsInAnotherGoroutineAndHasNoChannel() {
        AtomicLong caller = new AtomicLong();
        AtomicLong runner = new AtomicLong(-1);
        AtomicReference<Timer> timer = new AtomicReference<>();
        Goroutine g = Go.go(() -> {
            caller.set(Go.current().orElseThrow().id());
            timer.set(Time.afterFunc(Duration.ofMillis(20), () -> runner.set(Go.current().map(Goroutine::id).orElse(0L))));
        });
        assertThat(g.join(LONG)).isTrue();
        Await.until("function ran", LONG, () -> runner.get() != -1);
        assertThat(runner.get()).as("ran in a goroutine").isPositive().isNotEqualTo(caller.get());
        assertThat(timer.get().c()).isNull();
        assertThat(timer.get().stop()).as("already started").isFalse();
    }

    @Test
    void stoppingAfterFuncPreventsTheRunAndResetRunsItOnce() {
        AtomicInteger runs = new AtomicInteger();
        Chan<Instant> ran = Chan.make(10);
        Timer t = Time.afterFunc(Duration.ofMillis(200), () -> {
            runs.incrementAndGet();
            ran.send(Instant.now());
        });
        assertThat(t.stop()).isTrue();
        assertNothingArrives(ran, WINDOW);
        assertThat(runs).hasValue(0);
        assertThat(t.reset(Duration.ofMillis(10))).as("was stopped").isFalse();
        recvWithin(ran);
        assertNothingArrives(ran, Duration.ofMillis(200));
        assertThat(runs).hasValue(1);
    }
}
