package io.gmp4j.time;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.GoroutineState;
import io.gmp4j.RecvChan;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.gmp4j.time.TimeAsserts.LONG;
import static io.gmp4j.time.TimeAsserts.assertNothingArrives;
import static io.gmp4j.time.TimeAsserts.millisSince;
import static io.gmp4j.time.TimeAsserts.recvWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeTest {
    @Test
    void afterDeliversTheTimeExactlyOnceAfterTheDuration() {
        Instant before = Instant.now();
        long start = System.nanoTime();
        RecvChan<Instant> ch = Time.after(Duration.ofMillis(50));
        assertThat(ch.tryRecv()).as("nothing before the duration").isNull();
        Instant at = recvWithin(ch);
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(50);
        assertThat(at).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
        assertNothingArrives(ch, Duration.ofMillis(300));
        assertThat(ch.isClosed()).as("Go never closes a timer channel").isFalse();
        assertThat(ch.cap()).isEqualTo(1);
    }

    @Test
    void afterWithZeroOrNegativeFiresAtOnce() {
        assertThat(recvWithin(Time.after(Duration.ZERO))).isNotNull();
        assertThat(recvWithin(Time.after(Duration.ofSeconds(-5)))).isNotNull();
    }

    @Test
    void sleepWaitsAtLeastTheDuration() {
        long start = System.nanoTime();
        Time.sleep(Duration.ofMillis(40));
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(40);
    }

    @Test
    void sleepWithZeroOrNegativeReturnsAtOnce() {
        long start = System.nanoTime();
        Time.sleep(Duration.ZERO);
        Time.sleep(Duration.ofDays(-1));
        assertThat(millisSince(start)).isLessThan(1_000);
    }

    @Test
    void sleepingGoroutineShowsWaitReasonSleepAndItIsClearedAfter() {
        AtomicReference<String> reasonAfter = new AtomicReference<>();
        Goroutine g = Go.go(() -> {
            Time.sleep(Duration.ofSeconds(1));
            reasonAfter.set(Go.current().orElseThrow().waitReason());
        });
        Await.until("parked with wait reason sleep", LONG,
                () -> g.waitReason().equals("sleep") && g.state() == GoroutineState.WAITING);
        assertThat(g.waitingOn()).as("sleep waits on nothing").isEmpty();
        assertThat(g.join(LONG)).isTrue();
        assertThat(reasonAfter.get()).as("endWait ran").isEmpty();
    }

    @Test
    void interruptedSleepThrowsAndKeepsTheInterruptStatus() {
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        long start = System.nanoTime();
        Goroutine g = Go.go(() -> {
            thread.set(Thread.currentThread());
            try {
                Time.sleep(Duration.ofMinutes(5));
            } catch (Throwable e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        Await.until("sleeping", LONG, () -> g.waitReason().equals("sleep"));
        thread.get().interrupt();
        assertThat(g.join(LONG)).isTrue();
        assertThat(thrown.get()).isInstanceOf(GoroutineInterruptedException.class);
        assertThat(flagKept).isTrue();
        assertThat(millisSince(start)).isLessThan(LONG.toMillis());
    }

    @Test
    void sleepOnAnAlreadyInterruptedThreadThrowsAtOnce() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Time.sleep(Duration.ofMinutes(5))).isInstanceOf(GoroutineInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
